package org.birthofds.bank;

import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One computer with its four workhorses assembled: a worker (CPU), the accounts (memory), the
 * front door (network) and the journal (storage). Main starts one; so do the tests, on port 0.
 *
 * <p>FAILURE MODE (fixed in chapter 03): the process that runs the rules also holds the only copy
 * of the data. Restarting it, to deploy a new rule say, fails every request in flight, and it
 * must replay the whole journal before it serves again (after a crash; a clean stop leaves a
 * checkpoint).
 *
 * <p>A clean stop writes a checkpoint, so the next start applies only what came after it.
 */
final class BankNode implements AutoCloseable {
    private final Flags flags;
    private final Accounts accounts;
    private final Worker worker;
    private final Journal journal; // null in memory-only mode
    private final Javalin server;
    private final long replayed;

    private BankNode(Flags flags, Accounts accounts, Worker worker, Journal journal, Javalin server, long replayed) {
        this.flags = flags;
        this.accounts = accounts;
        this.worker = worker;
        this.journal = journal;
        this.server = server;
        this.replayed = replayed;
    }

    static BankNode start(Flags flags) throws IOException {
        Accounts accounts = new Accounts();
        Checkpoint checkpoint = flags.memoryOnly() ? Checkpoint.NONE : Checkpoint.read(flags.dataDir());
        accounts.restore(checkpoint);
        Journal journal = flags.memoryOnly() ? null : openAfter(checkpoint, flags.dataDir(), accounts);
        long replayed = journal == null ? 0 : journal.replayed() - checkpoint.records();
        Bank bank = new Bank(accounts, journal == null ? Storage.MEMORY_ONLY : journal);
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
        return new BankNode(flags, accounts, worker, journal, server, replayed);
    }

    /** Applies only the journal records the checkpoint does not cover. */
    private static Journal openAfter(Checkpoint checkpoint, Path dataDir, Accounts accounts) throws IOException {
        long[] seen = {0};
        Journal journal = Journal.open(dataDir, command -> {
            if (++seen[0] > checkpoint.records()) {
                accounts.apply(command);
            }
        });
        if (journal.replayed() < checkpoint.records()) {
            journal.close();
            throw new IOException("The checkpoint in " + dataDir + " covers " + checkpoint.records()
                    + " records, but the journal holds only " + journal.replayed() + ": refusing to start.");
        }
        return journal;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    Worker worker() {
        return worker;
    }

    /** Records applied from the journal at start: those after the checkpoint. */
    long replayed() {
        return replayed;
    }

    /** A clean stop: no more writes can arrive, so the balances now cover the whole journal. */
    @Override
    public void close() throws IOException {
        server.stop();
        worker.close();
        if (journal != null) {
            accounts.checkpoint(journal.records()).write(flags.dataDir());
            journal.close();
        }
    }
}
