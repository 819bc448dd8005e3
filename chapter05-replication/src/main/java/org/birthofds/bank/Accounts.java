package org.birthofds.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Memory, the second workhorse, now shared by many workers: a concurrent map of accounts, each
 * guarding its own balance (see {@link Account}). The map itself is safe to read while another
 * worker opens an account; the balances are kept right by {@link Bank} and {@link Locks}.
 */
public final class Accounts {
    private final ConcurrentSkipListMap<String, Account> byId = new ConcurrentSkipListMap<>(); // sorted: GET /accounts
    private final AtomicLong transfers = new AtomicLong();
    // Chapter 4: accounts that moved to another shard, and where. Kept for ever, so that a logic node
    // with an old shard map is told to go elsewhere instead of being told the account does not exist.
    private final Map<String, String> movedTo = new ConcurrentHashMap<>();
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
        } else if (command instanceof Command.Leaving c) {
            byId.get(c.id()).leaveFor(c.toShard());
        } else if (command instanceof Command.Imported c) {
            create(c.id());
            add(c.id(), c.balance());
        } else if (command instanceof Command.Moved c) {
            remove(c.id(), c.toShard());
        }
    }

    // Chapter 4, rebalancing: which shard the latest shard map places an id on, once a migration told
    // this shard the map; until then every id may be opened here (chapter 3's one data tier).
    private volatile UnaryOperator<String> placement = id -> null;

    /**
     * The account, refused the way a caller needs: 404 when it never lived here, 503 {@code account_moved}
     * when it moved to another shard (the caller's map is old: nothing happened, and repeating it elsewhere will work).
     */
    public Account existing(String id) {
        Account account = byId.get(id);
        if (account != null) {
            return account;
        }
        String to = movedTo.get(id);
        throw to != null ? ApiError.accountMoved(id, to) : ApiError.accountNotFound(id);
    }

    /** Chapter 4: refuses to open, here, an id that moved away or that the newest shard map places elsewhere. */
    void ensureOpenableHere(String id, String here) {
        String to = movedTo.get(id);
        if (to != null) {
            throw ApiError.accountMoved(id, to);
        }
        String owner = placement.apply(id);
        if (owner != null && !owner.equals(here)) {
            throw ApiError.wrongShard(id, owner, here);
        }
    }

    /** Call with the opening lock held, so that no open that passed the old check is still on its way in. */
    public void placeBy(UnaryOperator<String> shardFor) {
        placement = shardFor;
    }

    /** @return the account, or null when there is no such account */
    public Account get(String id) {
        return byId.get(id);
    }

    public void create(String id) {
        if (byId.putIfAbsent(id, new Account(id)) != null) {
            throw new IllegalStateException("account '" + id + "' opened twice");
        }
    }

    /** Chapter 4: the account is now on {@code toShard}; from here on this shard only points there. */
    public void remove(String id, String toShard) {
        if (byId.remove(id) == null) {
            throw new IllegalStateException("account '" + id + "' moved away but was never here");
        }
        movedTo.put(id, toShard);
    }

    /** @return the shard the account moved to, or null if it never lived here or is still here */
    public String movedTo(String id) {
        return movedTo.get(id);
    }

    /** Every account that moved away, and where: what the migrator and the tests read back. */
    public Map<String, String> moved() {
        return Map.copyOf(movedTo);
    }

    /**
     * An account that does not exist yet has no lock of its own, so opening one takes this lock:
     * two opens of one id must not both pass the "does it exist?" check.
     */
    public Lock lockForOpening(String id) {
        return opening;
    }

    long nextTransferNumber() {
        return transfers.incrementAndGet();
    }

    /** Chapter 5: the last transfer number given. A replica's snapshot keeps it, or a restored copy would give one twice. */
    public long transfers() {
        return transfers.get();
    }

    /**
     * Chapter 5: empties this copy for a replica's snapshot, and takes the snapshot's transfer counter and moved
     * accounts; the snapshot then opens its accounts again ({@code replicated.BankSnapshot}).
     */
    public void load(long transfers, Map<String, String> moved) {
        byId.clear();
        movedTo.clear();
        movedTo.putAll(moved);
        this.transfers.set(transfers);
    }

    /** Every account, in id order: the one global order in which {@link Locks} takes locks. */
    public List<Account> all() {
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
