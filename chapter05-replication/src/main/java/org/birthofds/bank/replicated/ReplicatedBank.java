package org.birthofds.bank.replicated;

import java.util.TreeMap;
import org.birthofds.bank.Account;
import org.birthofds.bank.Accounts;
import org.birthofds.bank.Bank;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.Locks;
import org.birthofds.bank.Storage;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.participant.Barrier;
import org.birthofds.bank.participant.Intents;
import org.birthofds.bank.participant.Migrations;
import org.birthofds.bank.participant.RecoveryPass;
import org.birthofds.bank.participant.ShardEngine;
import org.birthofds.bank.participant.Transactions;
import org.birthofds.bank.protocol.ShardAnswer;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;
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
 * by applying the log again, or from a {@link #snapshot} and the log after it.
 *
 * <p>Deterministic, as a state machine must be: the engine runs one request at a time (its locks
 * are never contended), its clock is the time stamped on the entry, and a freeze is an entry too
 * ({@link LogFreezes}). An answer is a {@link ShardAnswer}: the HTTP answer chapter 4's shard would
 * give, or "frozen".
 *
 * <p>No I/O: chapter 4's recovery pass, which calls other shards, is run by the replica that leads,
 * outside this state machine ({@link #recoveryPass}); it settles what it finds by putting requests in
 * the group's log, as any client would. The simulator runs this same class on every simulated replica.
 */
public final class ReplicatedBank implements StateMachine {
    private static final Logger log = LoggerFactory.getLogger(ReplicatedBank.class);

    private final String shard;
    private final ShardEngine engine;
    private final Idempotency keys;
    private final Migrations migrations;
    private final LogFreezes freezes;
    private final Transactions transactions;
    private final Intents intents;
    private final Accounts accounts;
    private volatile ShardMap shards;
    private volatile long entryMillis = -1; // the time on the entry being applied; -1 between entries

    private ReplicatedBank(String shard, ShardMap shards) {
        this.shard = shard;
        this.shards = shards;
        this.accounts = new Accounts();
        this.keys = new Idempotency(shard);
        Barrier barrier = new Barrier(); // never frozen here: LogFreezes turns writes away before the engine sees them
        Locks locks = new Locks(Locks.Order.ORDERED);
        Storage storage = Storage.MEMORY_ONLY; // the group's log is the journal
        // Ages, for the recovery pass: the time on the entry being applied, so every copy records the same.
        this.transactions = new Transactions(accounts, storage, locks, barrier, keys, this::nanos);
        this.intents = new Intents(accounts, storage, locks, barrier, this::nanos);
        this.migrations = new Migrations(accounts, storage, locks, barrier, shard, map -> this.shards = map);
        this.freezes = new LogFreezes(accounts, intents, shard, () -> entryMillis);
        this.engine = new ShardEngine(new Bank(accounts, storage, locks, shard, barrier), keys, transactions, intents,
                freezes, migrations);
    }

    /** @param shards the shard map: where accounts are placed, and where the recovery pass finds the other groups */
    public static ReplicatedBank create(String shard, ShardMap shards) {
        return new ReplicatedBank(shard, shards);
    }

    @Override
    public String apply(String entry) {
        ShardRequest.Stamped stamped;
        try {
            stamped = ShardRequest.Stamped.decode(entry);
        } catch (IllegalArgumentException e) { // a newer replica's request, say: every copy answers it alike
            log.error("not a request this replica knows: {}", e.getMessage());
            return new ShardAnswer.Given(500, Bodies.write(new Bodies.Error("internal_error",
                    "The shard could not read an entry of its log."))).encode();
        }
        entryMillis = stamped.time();
        try {
            ShardAnswer.Frozen frozen = freezes.admit(stamped);
            return (frozen != null ? frozen : answer(stamped.request())).encode();
        } finally {
            entryMillis = -1;
        }
    }

    @Override
    public String read(String query) {
        return answer(Bodies.read(query, ShardRequest.class)).encode();
    }

    /** Everything this copy holds, for compaction and InstallSnapshot: see {@link BankSnapshot}. */
    @Override
    public String snapshot() {
        // No shard map in the simulator, whose groups find each other by its ring.
        return Bodies.write(new BankSnapshot(shard, shards == null ? null : shards.inline(), accounts.transfers(), BankSnapshot.accounts(accounts),
                new TreeMap<>(accounts.moved()), keys.export(), transactions.export(), transactions.exportKeys(),
                intents.export(), migrations.export(), freezes.export()));
    }

    /** Every part loads the snapshot's state in place of its own: nothing this copy held before survives. */
    @Override
    public void restore(String snapshot) {
        BankSnapshot saved = Bodies.read(snapshot, BankSnapshot.class);
        if (!shard.equals(saved.shard())) {
            throw new IllegalArgumentException("A snapshot of " + saved.shard() + " cannot become " + shard + ".");
        }
        ShardMap map = saved.shards() == null ? null : ShardMap.parse(saved.shards());
        accounts.load(saved.transfers(), saved.moved());
        saved.accounts().forEach(account -> account.openIn(accounts));
        keys.load(saved.keys());
        transactions.load(saved.transactions(), saved.txKeys());
        intents.load(saved.intents());
        migrations.load(saved.migrations());
        freezes.load(saved.freeze());
        shards = map;
    }

    /** An answer from {@link #apply} or {@link #read} as HTTP gives it; null for a frozen one, which is no answer yet. */
    public static Response response(String answer) {
        return ShardAnswer.decode(answer) instanceof ShardAnswer.Given given ? given.response() : null;
    }

    /**
     * Chapter 4's recovery pass over what this copy has held in doubt since before {@code nowMillis - inDoubtMillis}
     * (the leader's clock, as stamped on the entries), or null when nothing is: the replica that leads runs it.
     */
    public Steps recoveryPass(long nowMillis, long inDoubtMillis) {
        return RecoveryPass.over(shard, transactions, intents, (nowMillis - inDoubtMillis) * 1_000_000);
    }

    /**
     * PENDING records and intents, and accounts that still hold or expect money: none may be left once
     * the bank is quiet, or money is locked for good (a hold that a decision forgot to release).
     */
    public int unsettled() {
        int stuck = 0;
        for (Account account : accounts.all()) {
            stuck += account.held() != 0 || account.incoming() != 0 ? 1 : 0;
        }
        return transactions.pending().size() + intents.pending().size() + stuck;
    }

    /** The shard map, as the last one installed says: where the recovery pass finds the other groups. */
    public ShardMap shardMap() {
        return shards;
    }

    private ShardAnswer.Given answer(ShardRequest request) {
        try {
            Response answer = engine.serve(request);
            return new ShardAnswer.Given(answer.status(), answer.body());
        } catch (RuntimeException e) {
            // A bug, and every replica meets it at the same entry: answer it, rather than stop the whole group there.
            log.error("{} failed: {}", request.name(), e.toString());
            return new ShardAnswer.Given(500, Bodies.write(new Bodies.Error("internal_error", "The shard could not apply "
                    + request.name() + ".")));
        }
    }

    private long nanos() {
        return entryMillis * 1_000_000;
    }
}
