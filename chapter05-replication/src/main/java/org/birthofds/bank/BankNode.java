package org.birthofds.bank;

import io.javalin.Javalin;
import java.io.IOException;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.data.TestHooks;
import org.birthofds.bank.node.Every;
import org.birthofds.bank.node.Node;
import org.birthofds.bank.participant.Barrier;
import org.birthofds.bank.participant.Freezes;
import org.birthofds.bank.participant.Intents;
import org.birthofds.bank.participant.Migrations;
import org.birthofds.bank.participant.RecoveryPass;
import org.birthofds.bank.participant.ShardEngine;
import org.birthofds.bank.participant.Transactions;
import org.birthofds.bank.protocol.Caller;
import org.birthofds.bank.protocol.ShardClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data tier: chapter 2's bigger computer, now with one job, keeping the accounts. It holds
 * the workers, the accounts, the journal and the Idempotency-Keys, behind an internal port.
 * Main starts one; so do the tests, on port 0, with the {@link TestHooks} that only they get.
 *
 * <p>Chapter 5: this is chapter 4's shard, the only copy of its data (chapter 4's failure mode:
 * when this process or its disk is gone, so is the shard). The chapter's cluster runs every shard
 * as a group of three replicas instead ({@code group.ReplicaNode}), with the same routes and the
 * same engine ({@link ShardRoutes}, {@link ShardEngine}); this node stays for the engine's own
 * tests, which stage their faults inside it, and as a group of one without the log.
 */
final class BankNode implements Node {
    private static final Logger log = LoggerFactory.getLogger(BankNode.class);

    private final Worker worker;
    private final Journal journal; // null in memory-only mode
    private final TestHooks hooks;
    private final Javalin server;
    private final Parts parts;

    /** Chapter 4's parts of a shard, beside chapter 2's engine. */
    private record Parts(Barrier barrier, Transactions transactions, Intents intents, Freezes freezes, ShardClient peers,
                         AutoCloseable recovery, Runnable recoverNow) {
    }

    private BankNode(Worker worker, Journal journal, TestHooks hooks, Javalin server, Parts parts) {
        this.worker = worker;
        this.journal = journal;
        this.hooks = hooks;
        this.server = server;
        this.parts = parts;
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
        Idempotency keys = new Idempotency(flags.shardId());
        Barrier barrier = new Barrier();
        Locks locks = new Locks(flags);
        Storage.Deferred storage = new Storage.Deferred(); // the journal, once it has replayed
        Transactions transactions = new Transactions(accounts, storage, locks, barrier, keys, System::nanoTime);
        Intents intents = new Intents(accounts, storage, locks, barrier, System::nanoTime);
        ShardClient peers = new ShardClient(flags.shards(), 500, 2000, null); // chapter 4's lone shard: its peers ask no proof
        Migrations migrations = new Migrations(accounts, storage, locks, barrier, flags.shardId(), peers::follow);
        Journal journal = flags.memoryOnly() ? null : Journal.open(flags.dataDir(), command -> {
            accounts.apply(command);
            keys.replay(command, id -> accounts.get(id).balance());
            transactions.replay(command);
            intents.replay(command);
            migrations.replay(command);
        });
        storage.use(journal == null ? Storage.MEMORY_ONLY : journal);
        Bank bank = new Bank(accounts, storage, locks, flags.shardId(), barrier);
        Worker worker = new Worker(flags.workers(), flags.workPerRequest(), flags.cpuPerRequest());
        Freezes freezes = new Freezes(barrier, accounts, intents, flags.shardId(), 1000);
        ShardEngine engine = new ShardEngine(bank, keys, transactions, intents, freezes, migrations);
        Javalin server = BankServer.create(engine, worker, flags.node(), hooks, flags.admin());
        try {
            server.start(flags.host(), flags.port());
        } catch (RuntimeException e) {
            worker.close();
            freezes.close();
            if (journal != null) {
                journal.close();
            }
            throw e;
        }
        // Chapter 4's lone shard settles its own part at once, and asks the other shards over HTTP.
        String shard = flags.shardId();
        long inDoubtNanos = flags.inDoubt().toNanos();
        Caller caller = (to, request) -> to.equals(shard) ? engine.serve(request) : peers.call(to, request);
        Runnable recoverNow = () -> {
            RecoveryPass pass = RecoveryPass.over(shard, transactions, intents, System.nanoTime() - inDoubtNanos);
            if (pass != null) {
                caller.drive(pass);
                pass.report().forEach(line -> log.info("Recovery pass: {}", line));
            }
        };
        AutoCloseable recovery = Every.run(flags.recoveryEvery(), "recovery-pass", recoverNow);
        return new BankNode(worker, journal, hooks, server, new Parts(barrier, transactions, intents, freezes, peers,
                recovery, recoverNow));
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

    /**
     * For tests that start shards on port 0 in one JVM, and so learn the shard map only after
     * starting them: where this shard's recovery pass finds the others.
     */
    void usePeers(org.birthofds.bank.shard.ShardMap map) {
        testHooks();
        parts.peers().follow(map);
    }

    /** Runs the recovery pass now, for tests that would rather not wait for its timer. */
    void recoverNow() {
        parts.recoverNow().run();
    }

    /** Whether a write waits on this shard's frozen barrier: how a test knows a transfer met a freeze. */
    boolean hasWritesWaitingForThaw() {
        return parts.barrier().hasWaitingWrites();
    }

    /** Money still in doubt here: PENDING records (their holds) and PENDING intents; both 0 once the bank is quiet. */
    int pendingRecords() {
        return parts.transactions().pending().size();
    }

    int pendingIntents() {
        return parts.intents().pending().size();
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
        try {
            parts.recovery().close();
        } catch (Exception e) {
            throw new IOException(e);
        }
        server.stop();
        parts.freezes().close();
        parts.peers().close();
        worker.close();
        if (journal != null) {
            journal.close();
        }
    }
}
