package org.birthofds.bank.ledger;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The payee's side of a cross-shard transfer, as in chapter 4: a durable intent to credit,
 * pointing at the group that holds the transaction record. It moves no money; only the record's
 * fate says whether it is applied or dropped, and whoever meets a PENDING intent (the coordinator,
 * a consistent read, a recovery pass) asks the record's group and never decides by itself. Now
 * in the payee group's replicated log, so no single dead machine can lose or strand it.
 * Idempotent by transfer id.
 */
final class Intents {
    enum State { PENDING, APPLIED, DROPPED }

    private static final class Intent {
        final String to;
        final long amount;
        final String recordGroup;
        final long since;
        State state = State.PENDING;

        Intent(String to, long amount, String recordGroup, long since) {
            this.to = to;
            this.amount = amount;
            this.recordGroup = recordGroup;
            this.since = since;
        }
    }

    private final Balances accounts;
    private final Map<String, Intent> intents = new TreeMap<>();

    Intents(Balances accounts) {
        this.accounts = accounts;
    }

    /** "intent TO AMOUNT RECORDGROUP": a repeat, or one that comes after its drop, answers what is there. */
    String intent(Command c) {
        Intent known = intents.get(c.tag());
        if (known != null) {
            return known.state.name();
        }
        accounts.balance(c.arg(0)); // the payee lives here
        intents.put(c.tag(), new Intent(c.arg(0), c.number(1), c.arg(2), c.time()));
        return State.PENDING.name();
    }

    /** The credit, once the record is COMMITTED: its sender asked the record first. */
    String apply(String tx) {
        Intent intent = intents.get(tx);
        if (intent == null) {
            return "refused unknown_intent";
        }
        if (intent.state == State.PENDING) {
            accounts.add(intent.to, intent.amount);
            intent.state = State.APPLIED;
        }
        return intent.state == State.APPLIED ? State.APPLIED.name() : "refused dropped";
    }

    /** The record was ABORTED. A drop before the intent arrives leaves a tombstone that the late intent finds. */
    String drop(String tx) {
        Intent intent = intents.computeIfAbsent(tx, t -> new Intent(null, 0, null, 0));
        if (intent.state == State.PENDING) {
            intent.state = State.DROPPED;
        }
        return intent.state == State.DROPPED ? State.DROPPED.name() : "refused applied";
    }

    /** "TX:TO:AMOUNT:RECORDGROUP" for each PENDING intent: what a frozen group reports to a consistent read. */
    void pendingTo(StringJoiner out) {
        intents.forEach((tx, i) -> {
            if (i.state == State.PENDING) {
                out.add(tx + ":" + i.to + ":" + i.amount + ":" + i.recordGroup);
            }
        });
    }

    /** "intent:TX:RECORDGROUP" for each PENDING intent written before {@code before}. */
    void inDoubt(long before, StringJoiner out) {
        intents.forEach((tx, i) -> {
            if (i.state == State.PENDING && i.since < before) {
                out.add("intent:" + tx + ":" + i.recordGroup);
            }
        });
    }

    long pending() {
        return intents.values().stream().filter(i -> i.state == State.PENDING).count();
    }
}
