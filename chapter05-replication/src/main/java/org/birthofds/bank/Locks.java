package org.birthofds.bank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Takes the locks of the accounts an operation touches, before it reads a balance, and holds
 * them until it has written the new ones. The order in which it takes them is the whole lesson:
 * two transfers A to B and B to A that lock in argument order can each hold one lock and wait for
 * the other forever. Locking in one global order (by id) makes that cycle impossible.
 */
public final class Locks {
    /** How operations lock the accounts they touch: the fix, and the two ways to get it wrong. */
    public enum Order {
        ORDERED, ARGUMENT_ORDER, NONE;

        static Order parse(String value) {
            for (Order order : values()) {
                if (order.flag().equals(value)) {
                    return order;
                }
            }
            throw new IllegalArgumentException("Flag --locking takes ordered, argument-order or none, not "
                    + ApiError.quote(value) + ".");
        }

        String flag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Locks taken by {@link #hold}; closing releases them. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final Order order;
    private volatile Consumer<String> afterFirstLock = id -> {
    };

    Locks(Flags flags) {
        this(flags.locking());
    }

    public Locks(Order order) {
        this.order = order;
    }

    public Held hold(Account... accounts) {
        return hold(List.of(accounts));
    }

    /** Blocks until every lock is held; an interrupted wait lets go of the locks taken so far. */
    Held hold(List<Account> accounts) {
        List<Account> taken = new ArrayList<>();
        try {
            for (Account account : inLockingOrder(accounts)) {
                account.lock.lockInterruptibly(); // waits forever, even in a deadlock (chapter 2, Exercise 2.1)
                taken.add(account);
                if (taken.size() == 1) {
                    afterFirstLock.accept(account.id);
                }
            }
        } catch (InterruptedException e) {
            release(taken);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an account's lock");
        }
        return () -> release(taken);
    }

    /** A fault hook for tests, off unless a test sets it: runs after an operation takes its first lock. */
    void afterFirstLock(Consumer<String> hook) {
        afterFirstLock = hook;
    }

    private List<Account> inLockingOrder(List<Account> accounts) {
        return switch (order) {
            case ORDERED -> accounts.stream().sorted(Comparator.comparing((Account a) -> a.id)).toList();
            case ARGUMENT_ORDER -> accounts; // from, then to: A->B and B->A take them in opposite orders
            case NONE -> List.of(); // chapter 1's bank: correct only while one worker runs everything
        };
    }

    private static void release(List<Account> taken) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            taken.get(i).lock.unlock();
        }
    }
}
