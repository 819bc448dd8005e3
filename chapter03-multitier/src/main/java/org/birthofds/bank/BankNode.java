package org.birthofds.bank;

import io.javalin.Javalin;
import java.io.IOException;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.data.TestHooks;
import org.birthofds.bank.node.Node;

/**
 * The data tier: chapter 2's bigger computer, now with one job, keeping the accounts. It holds
 * the workers, the accounts, the journal and the Idempotency-Keys, behind an internal port.
 * Main starts one; so do the tests, on port 0, with the {@link TestHooks} that only they get.
 *
 * <p>FAILURE MODE (fixed in chapter 05): this is the only copy of the data. When this process or
 * its disk is gone, so is the bank, and unlike a logic server it cannot be swapped for a blank one.
 */
final class BankNode implements Node {
    private final Worker worker;
    private final Journal journal; // null in memory-only mode
    private final TestHooks hooks;
    private final Javalin server;

    private BankNode(Worker worker, Journal journal, TestHooks hooks, Javalin server) {
        this.worker = worker;
        this.journal = journal;
        this.hooks = hooks;
        this.server = server;
    }

    static BankNode start(Flags flags) throws IOException {
        return start(flags, null);
    }

    /** A data tier whose {@link TestHooks} a test can turn on; production code never passes any. */
    static BankNode startWithTestHooks(Flags flags) throws IOException {
        return start(flags, new TestHooks());
    }

    private static BankNode start(Flags flags, TestHooks hooks) throws IOException {
        Accounts accounts = new Accounts();
        Idempotency keys = new Idempotency();
        Journal journal = flags.memoryOnly() ? null : Journal.open(flags.dataDir(), command -> {
            accounts.apply(command);
            keys.replay(command, id -> accounts.get(id).balance());
        });
        Bank bank = new Bank(accounts, journal == null ? Storage.MEMORY_ONLY : journal, new Locks(flags));
        Worker worker = new Worker(flags.workers(), flags.workPerRequest(), flags.cpuPerRequest());
        Javalin server = BankServer.create(bank, worker, keys, flags.node(), hooks);
        try {
            server.start(flags.host(), flags.port());
        } catch (RuntimeException e) {
            worker.close();
            if (journal != null) {
                journal.close();
            }
            throw e;
        }
        return new BankNode(worker, journal, hooks, server);
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    Worker worker() {
        return worker;
    }

    /** @throws IllegalStateException unless this node was started {@link #startWithTestHooks with test hooks} */
    TestHooks testHooks() {
        if (hooks == null) {
            throw new IllegalStateException("this data tier was started without test hooks");
        }
        return hooks;
    }

    /** The journal, for counting its writes and forces; null in memory-only mode. */
    Journal journal() {
        return journal;
    }

    /** Records replayed at start (0 in memory-only mode). */
    long replayed() {
        return journal == null ? 0 : journal.replayed();
    }

    /** A clean stop. Not a crash: the crash tests kill a real child JVM instead. */
    @Override
    public void close() throws IOException {
        server.stop();
        worker.close();
        if (journal != null) {
            journal.close();
        }
    }
}
