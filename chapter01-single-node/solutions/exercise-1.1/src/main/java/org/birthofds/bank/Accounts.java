package org.birthofds.bank;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Memory, the second workhorse: every balance, held where the CPU reaches it in nanoseconds.
 * It changes only by applying commands, so replaying the journal rebuilds it exactly.
 *
 * <p>FAILURE MODE (fixed in chapter 02): nothing here is thread-safe. It is correct only because
 * one worker runs every operation in turn (see {@link Worker}); two threads would lose money.
 */
final class Accounts {
    private final Map<String, Long> balances = new TreeMap<>(); // sorted: GET /accounts is by id
    private long transfers;

    /** @throws IllegalStateException when the command cannot follow the current state */
    void apply(Command command) {
        if (command instanceof Command.OpenAccount c) {
            if (balances.putIfAbsent(c.id(), 0L) != null) {
                throw new IllegalStateException("account '" + c.id() + "' opened twice");
            }
        } else if (command instanceof Command.Deposit c) {
            add(c.id(), c.amount());
        } else if (command instanceof Command.Withdrawal c) {
            add(c.id(), -c.amount());
        } else if (command instanceof Command.Transfer c) {
            add(c.from(), -c.amount());
            add(c.to(), c.amount());
            transfers = Math.max(transfers, c.number());
        }
    }

    /** Every balance now, as covering the first {@code journalRecords} records of the journal. */
    Checkpoint checkpoint(long journalRecords) {
        return new Checkpoint(journalRecords, transfers, new TreeMap<>(balances));
    }

    void restore(Checkpoint checkpoint) {
        balances.putAll(checkpoint.balances());
        transfers = checkpoint.transfers();
    }

    boolean exists(String id) {
        return balances.containsKey(id);
    }

    /** @return the balance, or null when there is no such account */
    Long balance(String id) {
        return balances.get(id);
    }

    long transfers() {
        return transfers;
    }

    Bodies.AccountList list() {
        List<Bodies.Account> all = new ArrayList<>(balances.size());
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<String, Long> e : balances.entrySet()) {
            all.add(new Bodies.Account(e.getKey(), e.getValue()));
            total = total.add(BigInteger.valueOf(e.getValue()));
        }
        return new Bodies.AccountList(all, total);
    }

    private void add(String id, long delta) {
        Long balance = balances.get(id);
        if (balance == null) {
            throw new IllegalStateException("account '" + id + "' used before it was opened");
        }
        long updated = Math.addExact(balance, delta);
        if (updated < 0 || updated > Money.MAX_BALANCE) {
            throw new IllegalStateException("account '" + id + "' would hold " + updated + " cents");
        }
        balances.put(id, updated);
    }
}
