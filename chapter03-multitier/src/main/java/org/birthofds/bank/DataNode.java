package org.birthofds.bank;

import io.javalin.Javalin;
import java.io.IOException;

/**
 * The data tier: chapter 2's bigger computer, now with one job, keeping the accounts. It holds
 * the workers, the accounts, the journal and the Idempotency-Keys, behind an internal port.
 * DataMain starts one; so do the tests, on port 0.
 *
 * <p>FAILURE MODE (fixed in chapter 05): this is the only copy of the data. When this process or
 * its disk is gone, so is the bank, and unlike a logic server it cannot be swapped for a blank one.
 */
final class DataNode implements AutoCloseable {
    private final Worker worker;
    private final Journal journal; // null in memory-only mode
    private final DataFaults faults;
    private final Javalin server;

    private DataNode(Worker worker, Journal journal, DataFaults faults, Javalin server) {
        this.worker = worker;
        this.journal = journal;
        this.faults = faults;
        this.server = server;
    }

    static DataNode start(DataFlags flags) throws IOException {
        Accounts accounts = new Accounts();
        Idempotency keys = new Idempotency();
        Journal journal = flags.memoryOnly() ? null : Journal.open(flags.dataDir(), command -> {
            accounts.apply(command);
            keys.replay(command, accounts);
        });
        Bank bank = new Bank(accounts, journal == null ? Storage.MEMORY_ONLY : journal, new Locks(flags));
        Worker worker = new Worker(flags.workers(), flags.workPerRequest(), flags.cpuPerRequest());
        DataFaults faults = new DataFaults();
        Javalin server = DataServer.create(bank, worker, keys, faults, flags.node());
        try {
            server.start(flags.host(), flags.port());
        } catch (RuntimeException e) {
            worker.close();
            if (journal != null) {
                journal.close();
            }
            throw e;
        }
        return new DataNode(worker, journal, faults, server);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    Worker worker() {
        return worker;
    }

    DataFaults faults() {
        return faults;
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
