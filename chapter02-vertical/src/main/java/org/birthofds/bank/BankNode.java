package org.birthofds.bank;

import io.javalin.Javalin;
import java.io.IOException;

/**
 * One bigger computer with its four workhorses assembled: the workers (CPUs), the accounts
 * (memory), the front door (network) and the journal (storage). Main starts one; so do the
 * tests, on port 0.
 *
 * <p>FAILURE MODE (fixed in chapter 03): the process that runs the rules also holds the only copy
 * of the data. Restarting it, to deploy a new rule say, fails every request in flight, and it
 * must replay the whole journal before it serves again.
 */
final class BankNode implements AutoCloseable {
    private final Worker worker;
    private final Journal journal; // null in memory-only mode
    private final Javalin server;

    private BankNode(Worker worker, Journal journal, Javalin server) {
        this.worker = worker;
        this.journal = journal;
        this.server = server;
    }

    static BankNode start(Flags flags) throws IOException {
        Accounts accounts = new Accounts();
        Journal journal = flags.memoryOnly() ? null : Journal.open(flags.dataDir(), accounts::apply);
        Bank bank = new Bank(accounts, journal == null ? Storage.MEMORY_ONLY : journal, new Locks(flags));
        Worker worker = new Worker(flags);
        Javalin server = BankServer.create(bank, worker, flags.node());
        try {
            server.start(flags.host(), flags.port());
        } catch (RuntimeException e) {
            worker.close();
            if (journal != null) {
                journal.close();
            }
            throw e;
        }
        return new BankNode(worker, journal, server);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    Worker worker() {
        return worker;
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
