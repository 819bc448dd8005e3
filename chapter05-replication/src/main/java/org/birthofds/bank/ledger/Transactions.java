package org.birthofds.bank.ledger;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The payer's side of a cross-shard transfer, as in chapter 4: the transaction record lives in
 * the payer's group, PENDING with a hold on the funds, until THE decision, COMMITTED (the debit)
 * or ABORTED (the hold released). Chapter 4 made commit and abort a compare-and-set under the
 * payer's lock in one journal; here both are entries of one replicated log, so every replica
 * sees them in the same order: a late commit and a recovery pass's abort can never both win, and
 * the decision survives the loss of any one replica. Every step is idempotent by transfer id.
 */
final class Transactions {
    enum State { PENDING, COMMITTED, ABORTED }

    private static final class Record {
        final String from;
        final String toGroup;
        final long amount;
        final long since; // the prepare's time: how long its coordinator has been silent, for the recovery pass
        State state = State.PENDING;

        Record(String from, String toGroup, long amount, long since) {
            this.from = from;
            this.toGroup = toGroup;
            this.amount = amount;
            this.since = since;
        }
    }

    private final Balances accounts;
    private final Map<String, Record> records = new TreeMap<>();

    Transactions(Balances accounts) {
        this.accounts = accounts;
    }

    /** "prepare FROM TO TOGROUP AMOUNT": the record, PENDING, if the available funds cover it; a repeat answers the record. */
    String prepare(Command c) {
        Record known = records.get(c.tag());
        if (known != null) {
            return known.state.name();
        }
        String from = c.arg(0);
        long amount = c.number(3);
        if (accounts.available(from) < amount) {
            return "refused insufficient_funds";
        }
        accounts.hold(from, amount);
        records.put(c.tag(), new Record(from, c.arg(2), amount, c.time()));
        return State.PENDING.name();
    }

    /** THE decision: PENDING to COMMITTED and the debit, in one entry. An ABORTED record refuses. */
    String commit(String tx) {
        Record record = records.get(tx);
        if (record == null) {
            return "refused unknown_transaction";
        }
        if (record.state == State.PENDING) {
            accounts.hold(record.from, -record.amount);
            accounts.add(record.from, -record.amount);
            record.state = State.COMMITTED;
        }
        return record.state == State.COMMITTED ? State.COMMITTED.name() : "refused aborted";
    }

    /**
     * Abort if still PENDING, releasing the hold; a COMMITTED record refuses. An abort of a record
     * never seen leaves an ABORTED tombstone, so a prepare still on its way can no longer start it.
     */
    String abort(String tx) {
        Record record = records.computeIfAbsent(tx, t -> tombstone());
        if (record.state == State.PENDING) {
            accounts.hold(record.from, -record.amount);
            record.state = State.ABORTED;
        }
        return record.state == State.ABORTED ? State.ABORTED.name() : "refused committed";
    }

    /** What a payee's intent, a reader or a recovery pass asks to learn the transfer's fate. */
    String state(String tx) {
        Record record = records.get(tx);
        return record == null ? "unknown" : record.state.name();
    }

    /** "record:TX:TOGROUP" for each PENDING record prepared before {@code before}: its coordinator went silent. */
    void inDoubt(long before, StringJoiner out) {
        records.forEach((tx, r) -> {
            if (r.state == State.PENDING && r.since < before) {
                out.add("record:" + tx + ":" + r.toGroup);
            }
        });
    }

    long pending() {
        return records.values().stream().filter(r -> r.state == State.PENDING).count();
    }

    private static Record tombstone() {
        Record record = new Record(null, null, 0, 0);
        record.state = State.ABORTED;
        return record;
    }
}
