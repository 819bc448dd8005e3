package org.birthofds.bank.participant;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.birthofds.bank.Account;
import org.birthofds.bank.Accounts;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bank;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.Command;
import org.birthofds.bank.Locks;
import org.birthofds.bank.Storage;
import org.birthofds.bank.data.Idempotency;

/**
 * The payer's side of a cross-shard transfer: the transaction record, kept in this shard's
 * journal (Percolator and CockroachDB keep it the same way, beside the first key it touches).
 * This shard is the only authority over the transaction's fate: commit and abort are a
 * compare-and-set on one record, under the payer's lock, in one journal, so they can never both
 * win, whoever asks and however often. Every step is idempotent by transaction id, so a step
 * repeated after its answer was lost applies nothing twice.
 */
public final class Transactions {
    enum State { PENDING, COMMITTED, ABORTED }

    /** One record; its fields change only under the payer's lock, with the barrier's permit held. */
    static final class Record {
        final String tx;
        final String from;
        final String to;
        final String toShard;
        final long amount;
        final long since; // when this shard learnt of it (at replay: the restart), for the recovery pass
        volatile State state = State.PENDING;
        volatile Command.Abort abort; // why it was aborted; status 0: no answer was ever given

        Record(Command.Prepare p, long since) {
            this.tx = p.tx();
            this.from = p.from();
            this.to = p.to();
            this.toShard = p.toShard();
            this.amount = p.amount();
            this.since = since;
        }

        Bodies.TxState body() {
            Command.Abort a = abort;
            return a == null || a.status() == 0
                    ? new Bodies.TxState(tx, state.name(), from, to, toShard, amount, 0, null, null)
                    : new Bodies.TxState(tx, state.name(), from, to, toShard, amount, a.status(), a.code(), a.message());
        }
    }

    private record KeyedTx(String request, String tx) {
    }

    /**
     * Chapter 5: a record as a replica's snapshot keeps it; its hold is the payer's, saved with the account.
     * {@code since} too, so that a restored copy's recovery pass finds the same records in doubt.
     */
    public record Saved(String tx, String from, String to, String toShard, long amount, long since, String state,
                        Command.Abort abort) {
    }

    /** Chapter 5: the transaction a key started, so that a repeat after a snapshot continues it instead of starting another. */
    public record SavedKey(String key, String request, String tx) {
    }

    private final Accounts accounts;
    private final Storage storage;
    private final Locks locks;
    private final Barrier barrier;
    private final Idempotency keys;
    private final LongSupplier clock;
    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final Map<String, KeyedTx> byKey = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> keyLocks = new ConcurrentHashMap<>();

    public Transactions(Accounts accounts, Storage storage, Locks locks, Barrier barrier, Idempotency keys, LongSupplier clock) {
        this.accounts = accounts;
        this.storage = storage;
        this.locks = locks;
        this.barrier = barrier;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Phase 1 at the payer: checks the funds that are available (the balance less other holds),
     * journals the record as PENDING with a hold on the amount. A repeat of the same transaction
     * id answers the record as it is now. Under an Idempotency-Key, the key is journaled with
     * the prepare, and a repeat of the request (from any logic node, with any new transaction id)
     * gets the transaction the key first started, to continue or to repeat its answer.
     */
    public Idempotency.Answer prepare(String tx, Bodies.Prepare p, Idempotency.Key key) {
        if (key == null) {
            return new Idempotency.Answer(201, prepare(new Command.Prepare(tx, p.from(), p.to(), p.toShard(), p.amount()), null));
        }
        ReentrantLock once = keyLocks.computeIfAbsent(key.value(), k -> new ReentrantLock());
        once.lock(); // two repeats of one key, on two logic nodes at once, must not both start a transaction
        try {
            Idempotency.Answer refused = keys.firstAnswer(key); // a refusal, or the key's use by a same-shard request
            if (refused != null) {
                return refused;
            }
            KeyedTx first = byKey.get(key.value());
            if (first != null) {
                if (!first.request().equals(key.request())) {
                    throw ApiError.keyReused(key.value(), first.request());
                }
                Record record = records.get(first.tx());
                boolean neverAnswered = record.state == State.ABORTED && record.abort.status() == 0;
                if (!neverAnswered) {
                    return new Idempotency.Answer(201, record.body());
                }
                // Rolled back before anyone was told anything but 503: nothing was decided, so the repeat runs
                // afresh, as a 503 under a key does in chapter 3 (Idempotency keeps no 5xx).
            }
            try {
                Bodies.TxState state = prepare(new Command.Prepare(tx, p.from(), p.to(), p.toShard(), p.amount()), key);
                return new Idempotency.Answer(201, state);
            } catch (ApiError refusal) {
                if (refusal.status >= 500) {
                    throw refusal;
                }
                Command.Refused kept = new Command.Refused(key.value(), key.request(), refusal.status, refusal.code,
                        refusal.getMessage());
                write(kept, null);
                keys.remember(kept);
                return new Idempotency.Answer(refusal.status, new Bodies.Error(refusal.code, refusal.getMessage()));
            }
        } finally {
            once.unlock();
        }
    }

    private Bodies.TxState prepare(Command.Prepare p, Idempotency.Key key) {
        Account payer = existing(p.from());
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(payer)) {
            Record known = records.get(p.tx());
            if (known != null) {
                return known.body();
            }
            Migrations.ensureStaying(payer); // no new hold on an account that is leaving: its holds must settle first
            Bank.ensureFunds(payer, payer.balance(), p.amount());
            write(p, key);
            payer.hold(p.amount());
            Record record = new Record(p, clock.getAsLong());
            records.put(p.tx(), record);
            if (key != null) {
                byKey.put(key.value(), new KeyedTx(key.request(), p.tx()));
            }
            return record.body();
        }
    }

    /** Phase 2 at the payer, THE decision: PENDING to COMMITTED and the debit, durable before anyone is told. */
    public Bodies.TxState commit(String tx) {
        Record record = known(tx);
        Account payer = existing(record.from);
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(payer)) {
            if (record.state == State.ABORTED) {
                throw ApiError.transactionConflict(tx, record.state.name(), "commit");
            }
            if (record.state == State.PENDING) {
                write(new Command.Commit(tx), null);
                decide(record, payer, true);
            }
            return record.body();
        }
    }

    /** PENDING to ABORTED, releasing the hold. A COMMITTED record refuses: the decision was made. */
    public Bodies.TxState abort(String tx, Bodies.Abort why) {
        Record record = known(tx);
        Account payer = existing(record.from);
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(payer)) {
            if (record.state == State.COMMITTED) {
                throw ApiError.transactionConflict(tx, record.state.name(), "abort");
            }
            if (record.state == State.PENDING) {
                Command.Abort abort = why.status() == 0
                        ? new Command.Abort(tx, 0, "-", "-")
                        : new Command.Abort(tx, why.status(), why.error(), why.message());
                write(abort, null);
                record.abort = abort;
                decide(record, payer, false);
            }
            return record.body();
        }
    }

    /** The request a cross-shard transfer's key was first used for, or null: a deposit may not reuse it. */
    public String keyedRequest(String key) {
        KeyedTx first = byKey.get(key);
        return first == null ? null : first.request();
    }

    /** The record's state: what a payee's intent asks to learn its fate. No barrier: a read, and it must work while frozen. */
    public Bodies.TxState state(String tx) {
        return known(tx).body();
    }

    /** PENDING records this shard learnt of before {@code nanos} (its clock's): their coordinator went silent. */
    List<Record> pendingSince(long nanos) {
        return records.values().stream().filter(r -> r.state == State.PENDING && r.since < nanos)
                .sorted(java.util.Comparator.comparing(r -> r.tx)).toList();
    }

    /** Every PENDING record: none must be left once the bank is quiet. */
    public List<Record> pending() {
        return records.values().stream().filter(r -> r.state == State.PENDING).toList();
    }

    /** Rebuilds records, holds and keys at start, after Accounts has applied the record. */
    public void replay(Command command) {
        Command change = command instanceof Command.Keyed k ? k.change() : command;
        if (change instanceof Command.Prepare p) {
            accounts.get(p.from()).hold(p.amount());
            records.put(p.tx(), new Record(p, clock.getAsLong())); // in doubt again from the restart on
            if (command instanceof Command.Keyed k) {
                byKey.put(k.key(), new KeyedTx(k.request(), p.tx()));
            }
        } else if (change instanceof Command.Commit c) {
            Record record = records.get(c.tx());
            decide(record, accounts.get(record.from), true);
        } else if (change instanceof Command.Abort a) {
            Record record = records.get(a.tx());
            record.abort = a;
            decide(record, accounts.get(record.from), false);
        }
    }

    /** Chapter 5: every record, in transaction order, for a replica's snapshot. */
    public List<Saved> export() {
        return records.values().stream().sorted(java.util.Comparator.comparing(r -> r.tx))
                .map(r -> new Saved(r.tx, r.from, r.to, r.toShard, r.amount, r.since, r.state.name(), r.abort)).toList();
    }

    /** Chapter 5: every cross-shard transfer's key, in key order, for a replica's snapshot. */
    public List<SavedKey> exportKeys() {
        return byKey.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new SavedKey(e.getKey(), e.getValue().request(), e.getValue().tx())).toList();
    }

    /** Chapter 5: replaces every record and key with a snapshot's. Holds are not taken again: the accounts bring theirs. */
    public void load(List<Saved> saved, List<SavedKey> keys) {
        records.clear();
        byKey.clear();
        for (Saved s : saved) {
            Record record = new Record(new Command.Prepare(s.tx(), s.from(), s.to(), s.toShard(), s.amount()), s.since());
            record.state = State.valueOf(s.state());
            record.abort = s.abort();
            records.put(s.tx(), record);
        }
        keys.forEach(k -> byKey.put(k.key(), new KeyedTx(k.request(), k.tx())));
    }

    private static void decide(Record record, Account payer, boolean commit) {
        payer.hold(-record.amount);
        if (commit) {
            payer.balance(payer.balance() - record.amount);
        }
        record.state = commit ? State.COMMITTED : State.ABORTED;
    }

    private Record known(String tx) {
        Record record = records.get(tx);
        if (record == null) {
            throw ApiError.transactionNotFound(tx);
        }
        return record;
    }

    private Account existing(String id) {
        return accounts.existing(id); // a 503 for an account that moved away, a 404 for one never here
    }

    private void write(Command command, Idempotency.Key key) {
        try {
            storage.write(key == null ? command : new Command.Keyed(key.value(), key.request(), command));
        } catch (IOException e) {
            throw ApiError.storageFailed(e);
        }
    }
}
