package org.birthofds.bank;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.replication.StateMachine;
import org.birthofds.bank.shard.ShardMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 5: one shard's engine as the state machine of a replica group. Each replica feeds every
 * committed {@link ShardRequest} of the group's log, in order and once, into its own copy of chapter
 * 4's engine ({@link ShardEngine}), so every copy holds the same accounts, records, intents and
 * Idempotency-Keys, and answers each request the same way. The log is the journal: the engine
 * writes nothing of its own ({@link Storage#MEMORY_ONLY}), and a replica that restarts rebuilds it
 * by applying the log again.
 *
 * <p>Deterministic, as a state machine must be: the engine runs one request at a time (its locks
 * are never contended), its clock is the time stamped on the entry, and a freeze is an entry too
 * ({@link LogFreezes}). An answer is "STATUS BODY", the HTTP answer chapter 4's shard would give.
 */
public final class ReplicatedBank implements StateMachine {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedBank.class);

    private final ShardEngine engine;
    private final LogFreezes freezes;
    private final Transactions transactions;
    private final Intents intents;
    private final ShardMap shards;
    private final Proof proof;
    private volatile long entryMillis = -1; // the time on the entry being applied; -1 between entries

    private ReplicatedBank(String shard, ShardMap shards, Proof proof) {
        this.shards = shards;
        this.proof = proof;
        Accounts accounts = new Accounts();
        Idempotency keys = new Idempotency(shard);
        Barrier barrier = new Barrier(); // never frozen here: LogFreezes turns writes away before the engine sees them
        Locks locks = new Locks(Locks.Order.ORDERED);
        Storage storage = Storage.MEMORY_ONLY; // the group's log is the journal
        // Ages, for the recovery pass: by the entry's time while applying, so every copy records the same.
        this.transactions = new Transactions(accounts, storage, locks, barrier, keys, this::nanos);
        this.intents = new Intents(accounts, storage, locks, barrier, this::nanos);
        Migrations migrations = new Migrations(accounts, storage, locks, barrier, shard, new Peers(shards, proof));
        this.freezes = new LogFreezes(accounts, intents, shard, () -> entryMillis);
        this.engine = new ShardEngine(new Bank(accounts, storage, locks, shard, barrier), keys, transactions, intents,
                freezes, migrations);
    }

    /**
     * @param shards the shard map: where accounts are placed, and where the recovery pass finds the other groups
     * @param proof  the cluster's secret, which every call to another group carries
     */
    public static ReplicatedBank create(String shard, ShardMap shards, Proof proof) {
        return new ReplicatedBank(shard, shards, proof);
    }

    @Override
    public String apply(String entry) {
        ShardRequest request = ShardRequest.decode(entry);
        entryMillis = request.time();
        try {
            String frozen = freezes.admit(request);
            return frozen != null ? frozen : answer(request);
        } finally {
            entryMillis = -1;
        }
    }

    @Override
    public String read(String query) {
        return answer(ShardRequest.decode(query));
    }

    /** Waits until no freeze holds, or until {@code deadlineMillis}: a write that was answered "frozen" waits here. */
    public void awaitThaw(long deadlineMillis) throws InterruptedException {
        freezes.awaitEnd(deadlineMillis);
    }

    /**
     * Starts chapter 4's recovery pass for this group: it runs only while this replica leads, and it
     * settles what it finds by putting requests in the log ({@code log}), as any client would.
     */
    public AutoCloseable startRecovery(Proposer log, BooleanSupplier leading, Duration every, Duration inDoubt) {
        Peers peers = new Peers(shards, proof);
        RecoveryPass.Settle settle = new RecoveryPass.Settle() {
            @Override
            public void abort(String tx) throws org.birthofds.bank.net.Unreachable {
                expect(log.propose(new ShardRequest(0, "abort", tx, null, Bodies.write(new Bodies.Abort(0, null, null)))));
            }

            @Override
            public void resolve(String tx, boolean committed) throws org.birthofds.bank.net.Unreachable {
                expect(log.propose(new ShardRequest(0, "resolve", tx, null,
                        Bodies.write(new Bodies.Resolve(committed ? "COMMITTED" : "ABORTED")))));
            }
        };
        RecoveryPass pass = new RecoveryPass(transactions, intents, peers, settle, leading, every, inDoubt);
        return () -> {
            pass.close();
            peers.close();
        };
    }

    /** How the recovery pass puts a request in the group's log: it returns the answer, "STATUS BODY". */
    public interface Proposer {
        String propose(ShardRequest request) throws org.birthofds.bank.net.Unreachable;
    }

    private String answer(ShardRequest request) {
        try {
            Idempotency.Answer answer = engine.answer(request);
            return answer.status() + " " + Bodies.write(answer.body());
        } catch (ApiError refusal) {
            return refusal.status + " " + Bodies.write(new Bodies.Error(refusal.code, refusal.getMessage()));
        } catch (RuntimeException e) {
            // A bug, and every replica meets it at the same entry: answer it, rather than stop the whole group there.
            log.error("{} failed: {}", request.name(), e.toString());
            return "500 " + Bodies.write(new Bodies.Error("internal_error", "The shard could not apply " + request.verb() + "."));
        }
    }

    private static void expect(String answer) {
        int status = Integer.parseInt(answer.substring(0, answer.indexOf(' ')));
        if (status >= 300) {
            throw new ApiError(status, ApiError.codeFor(status), answer.substring(answer.indexOf(' ') + 1));
        }
    }

    private long nanos() {
        long millis = entryMillis;
        return (millis >= 0 ? millis : System.currentTimeMillis()) * 1_000_000;
    }
}
