package org.birthofds.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Memory, the second workhorse, now shared by many workers: a concurrent map of accounts, each
 * guarding its own balance (see {@link Account}). The map itself is safe to read while another
 * worker opens an account; the balances are kept right by {@link Bank} and {@link Locks}.
 */
final class Accounts {
    private final ConcurrentSkipListMap<String, Account> byId = new ConcurrentSkipListMap<>(); // sorted: GET /accounts
    private final AtomicLong transfers = new AtomicLong();
    // One lock for every id, so opens run one at a time, even of different accounts (chapter 2, Exercise 2.3).
    private final Lock opening = new ReentrantLock();

    /**
     * Replays one journal record, at start, before any worker runs.
     *
     * @throws IllegalStateException when the command cannot follow the current state
     */
    void apply(Command command) {
        if (command instanceof Command.Keyed c) {
            apply(c.change());
        } else if (command instanceof Command.OpenAccount c) {
            create(c.id());
        } else if (command instanceof Command.Deposit c) {
            add(c.id(), c.amount());
        } else if (command instanceof Command.Withdrawal c) {
            add(c.id(), -c.amount());
        } else if (command instanceof Command.Transfer c) {
            add(c.from(), -c.amount());
            add(c.to(), c.amount());
            transfers.accumulateAndGet(c.number(), Math::max); // group commit may journal t5 before t4
        }
    }

    /** @return the account, or null when there is no such account */
    Account get(String id) {
        return byId.get(id);
    }

    void create(String id) {
        if (byId.putIfAbsent(id, new Account(id)) != null) {
            throw new IllegalStateException("account '" + id + "' opened twice");
        }
    }

    /**
     * An account that does not exist yet has no lock of its own, so opening one takes this lock:
     * two opens of one id must not both pass the "does it exist?" check.
     */
    Lock lockForOpening(String id) {
        return opening;
    }

    long nextTransferNumber() {
        return transfers.incrementAndGet();
    }

    /** Every account, in id order: the one global order in which {@link Locks} takes locks. */
    List<Account> all() {
        return new ArrayList<>(byId.values());
    }

    private void add(String id, long delta) {
        Account account = byId.get(id);
        if (account == null) {
            throw new IllegalStateException("account '" + id + "' used before it was opened");
        }
        account.balance(Math.addExact(account.balance(), delta));
    }
}
