package org.birthofds.bank.participant;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.birthofds.bank.Account;
import org.birthofds.bank.Accounts;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bank;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.Command;
import org.birthofds.bank.Locks;
import org.birthofds.bank.Storage;

/**
 * The payee's side of a cross-shard transfer: a durable intent to credit, pointing at the shard
 * that holds the transaction record. The intent reserves room under the balance limit but moves
 * no money; only the record's fate, decided on the payer's shard, says whether it is applied or
 * dropped. Whoever meets a PENDING intent (the coordinator's resolve, the recovery pass, the
 * consistent read) asks the record's shard, never decides by itself. Idempotent by transaction id.
 */
public final class Intents {
    enum State { PENDING, APPLIED, DROPPED }

    static final class Intent {
        final String tx;
        final String to;
        final long amount;
        final String recordShard;
        final long since;
        volatile State state = State.PENDING;

        Intent(Command.Intent i, long since) {
            this.tx = i.tx();
            this.to = i.to();
            this.amount = i.amount();
            this.recordShard = i.recordShard();
            this.since = since;
        }

        Bodies.IntentState body() {
            return new Bodies.IntentState(tx, state.name(), to, amount, recordShard);
        }
    }

    /** Chapter 5: an intent as a replica's snapshot keeps it; the credit it promises is the payee's, saved with the account. */
    public record Saved(String tx, String to, long amount, String recordShard, long since, String state) {
    }

    private final Accounts accounts;
    private final Storage storage;
    private final Locks locks;
    private final Barrier barrier;
    private final LongSupplier clock;
    private final Map<String, Intent> intents = new ConcurrentHashMap<>();

    public Intents(Accounts accounts, Storage storage, Locks locks, Barrier barrier, LongSupplier clock) {
        this.accounts = accounts;
        this.storage = storage;
        this.locks = locks;
        this.barrier = barrier;
        this.clock = clock;
    }

    /** Phase 1 at the payee: the account exists and has room, counting the credits already promised to it. */
    public Bodies.IntentState intent(String tx, Bodies.Intent i) {
        Account payee = existing(i.to());
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(payee)) {
            Intent known = intents.get(tx);
            if (known != null) {
                return known.body();
            }
            Migrations.ensureStaying(payee); // no new promise to an account that is leaving
            Bank.ensureRoomFor(payee, payee.balance(), i.amount());
            Command.Intent command = new Command.Intent(tx, i.to(), i.amount(), i.recordShard());
            write(command);
            payee.expect(i.amount());
            Intent intent = new Intent(command, clock.getAsLong());
            intents.put(tx, intent);
            return intent.body();
        }
    }

    /**
     * Phase 2 at the payee: the record's fate, learnt from its shard. An ABORTED outcome for an
     * intent never written is fine (the payee refused it, or it never arrived); a late intent is
     * written PENDING and the recovery pass drops it.
     */
    public Bodies.IntentState resolve(String tx, boolean committed) {
        return resolve(tx, committed, false);
    }

    /**
     * Chapter 5: a credit applied by the consistent read that counted it, under its own freeze, before it
     * thaws. The freeze holds every write permit, so none other runs; the freeze's listing was taken before,
     * and counts this credit already. Applied now, no read of the payee after the thaw can miss it.
     */
    public Bodies.IntentState creditUnderFreeze(String tx) {
        return resolve(tx, true, true);
    }

    private Bodies.IntentState resolve(String tx, boolean committed, boolean underFreeze) {
        Intent intent = intents.get(tx);
        if (intent == null) {
            if (committed) {
                throw ApiError.transactionNotFound(tx);
            }
            return new Bodies.IntentState(tx, State.DROPPED.name(), null, 0, null);
        }
        Account payee = existing(intent.to);
        try (Barrier.Permit permit = underFreeze ? () -> { } : barrier.write(); Locks.Held held = locks.hold(payee)) {
            if (intent.state == State.PENDING) {
                write(new Command.Resolved(tx, committed));
                settle(intent, payee, committed);
            } else if ((intent.state == State.APPLIED) != committed) {
                throw ApiError.transactionConflict(tx, intent.state.name(), committed ? "be applied" : "be dropped");
            }
            return intent.body();
        }
    }

    /** The PENDING intents, sorted by transaction: what a frozen shard reports, and what the recovery pass settles. */
    public List<Intent> pending() {
        return intents.values().stream().filter(i -> i.state == State.PENDING)
                .sorted(Comparator.comparing(i -> i.tx)).toList();
    }

    /** PENDING intents this shard learnt of before {@code nanos} (its clock's). */
    List<Intent> pendingSince(long nanos) {
        return pending().stream().filter(i -> i.since < nanos).toList();
    }

    public void replay(Command command) {
        if (command instanceof Command.Intent i) {
            accounts.get(i.to()).expect(i.amount());
            intents.put(i.tx(), new Intent(i, clock.getAsLong()));
        } else if (command instanceof Command.Resolved r) {
            Intent intent = intents.get(r.tx());
            settle(intent, accounts.get(intent.to), r.applied());
        }
    }

    /** Chapter 5: every intent, in transaction order, for a replica's snapshot. */
    public List<Saved> export() {
        return intents.values().stream().sorted(Comparator.comparing(i -> i.tx))
                .map(i -> new Saved(i.tx, i.to, i.amount, i.recordShard, i.since, i.state.name())).toList();
    }

    /** Chapter 5: replaces every intent with a snapshot's. */
    public void load(List<Saved> saved) {
        intents.clear();
        for (Saved s : saved) {
            Intent intent = new Intent(new Command.Intent(s.tx(), s.to(), s.amount(), s.recordShard()), s.since());
            intent.state = State.valueOf(s.state());
            intents.put(s.tx(), intent);
        }
    }

    private static void settle(Intent intent, Account payee, boolean applied) {
        payee.expect(-intent.amount);
        if (applied) {
            payee.balance(payee.balance() + intent.amount);
        }
        intent.state = applied ? State.APPLIED : State.DROPPED;
    }

    private Account existing(String id) {
        return accounts.existing(id); // a 503 for an account that moved away, a 404 for one never here
    }

    private void write(Command command) {
        try {
            storage.write(command);
        } catch (IOException e) {
            throw ApiError.storageFailed(e);
        }
    }
}
