package org.birthofds.bank.checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * What clients asked the bank and what they heard back, in the order it happened: the raw
 * material of a Jepsen-style check. A client records the invocation before sending and the
 * completion after the answer (or its absence), so "A completed before B was invoked" in this
 * history means A really finished first; everything else overlapped and may be ordered either way.
 *
 * <p>A completion is one of three: ok (it happened), fail (the bank says it did not) or unknown
 * (a timeout or a 503: it may have happened, and may still happen later). Unknown is the outcome
 * a distributed bank cannot avoid, and the reason the check reasons about subsets.
 *
 * <p>Thread-safe: many client threads record into one history. Time is whatever the caller's
 * clock says (System.nanoTime by default, chapter 5's simulator passes its virtual clock); only
 * the sequence numbers order events, since two clocks need not agree.
 */
public final class History {
    public enum Kind { OPEN, DEPOSIT, WITHDRAW, TRANSFER, READ_ALL, READ_ONE }

    public enum Type { INVOKE, OK, FAIL, UNKNOWN }

    /** An operation; amounts in cents. {@code to} is set only for a transfer. */
    public record Op(Kind kind, String account, String to, long amount) {
        public static Op open(String account) {
            return new Op(Kind.OPEN, account, null, 0);
        }

        public static Op deposit(String account, long amount) {
            return new Op(Kind.DEPOSIT, account, null, amount);
        }

        public static Op withdraw(String account, long amount) {
            return new Op(Kind.WITHDRAW, account, null, amount);
        }

        public static Op transfer(String from, String to, long amount) {
            return new Op(Kind.TRANSFER, from, to, amount);
        }

        public static Op readAll() {
            return new Op(Kind.READ_ALL, null, null, 0);
        }

        public static Op readOne(String account) {
            return new Op(Kind.READ_ONE, account, null, 0);
        }

        public boolean isRead() {
            return kind == Kind.READ_ALL || kind == Kind.READ_ONE;
        }

        /** What this operation does to one account's balance, if it happens. */
        public long effectOn(String someAccount) {
            return switch (kind) {
                case DEPOSIT -> someAccount.equals(account) ? amount : 0;
                case WITHDRAW -> someAccount.equals(account) ? -amount : 0;
                case TRANSFER -> (someAccount.equals(to) ? amount : 0) - (someAccount.equals(account) ? amount : 0);
                default -> 0;
            };
        }

        /** What it does to the bank's total: a transfer moves money, only deposits and withdrawals change it. */
        public long effectOnTotal() {
            return switch (kind) {
                case DEPOSIT -> amount;
                case WITHDRAW -> -amount;
                default -> 0;
            };
        }

        @Override
        public String toString() {
            return switch (kind) {
                case OPEN -> "open(" + account + ")";
                case DEPOSIT -> "deposit(" + account + ", " + amount + ")";
                case WITHDRAW -> "withdraw(" + account + ", " + amount + ")";
                case TRANSFER -> "transfer(" + account + " -> " + to + ", " + amount + ")";
                case READ_ALL -> "read-all";
                case READ_ONE -> "read-one(" + account + ")";
            };
        }
    }

    /** The handle an invocation returns, to complete it by. */
    public record Call(long id, String client, Op op) {
    }

    /** One line of the history; {@code balances} only on an ok read (read-one: a single entry). */
    public record Event(long seq, long time, String client, Type type, Call call, Map<String, Long> balances) {
        @Override
        public String toString() {
            String result = balances == null ? "" : " " + balances + " total " + total();
            return String.format("#%d %s %s %s%s", seq, client, type.name().toLowerCase(Locale.ROOT), call.op(), result);
        }

        public long total() {
            return balances.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final LongSupplier clock;
    private final List<Event> events = new ArrayList<>(); // guarded by this
    private final List<Boolean> completed = new ArrayList<>(); // by call id; guarded by this

    public History() {
        this(System::nanoTime);
    }

    public History(LongSupplier clock) {
        this.clock = clock;
    }

    public synchronized Call invoke(String client, Op op) {
        Call call = new Call(completed.size(), client, op);
        completed.add(false);
        append(client, Type.INVOKE, call, null);
        return call;
    }

    /** A write the bank acknowledged. */
    public void ok(Call call) {
        if (call.op().isRead()) {
            throw new IllegalArgumentException("An ok read must say what it read: ok(call, balances).");
        }
        complete(call, Type.OK, null);
    }

    /** A read and what it saw: every balance for read-all, the one balance for read-one. */
    public void ok(Call call, Map<String, Long> balances) {
        if (!call.op().isRead()) {
            throw new IllegalArgumentException(call.op() + " is not a read.");
        }
        complete(call, Type.OK, balances);
    }

    public void okBalance(Call call, long balance) {
        ok(call, Map.of(call.op().account(), balance));
    }

    /** The bank refused: the operation did not and will not happen (insufficient funds, no such account). */
    public void fail(Call call) {
        complete(call, Type.FAIL, null);
    }

    /** No answer, a timeout or a 503: it may have happened, or may yet. */
    public void unknown(Call call) {
        complete(call, Type.UNKNOWN, null);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    private synchronized void complete(Call call, Type type, Map<String, Long> balances) {
        if (completed.get((int) call.id())) {
            throw new IllegalStateException(call.op() + " by " + call.client() + " was already completed.");
        }
        completed.set((int) call.id(), true);
        append(call.client(), type, call, balances);
    }

    private void append(String client, Type type, Call call, Map<String, Long> balances) {
        // Under the lock: the sequence number and the position in the list are the same order.
        events.add(new Event(events.size(), clock.getAsLong(), client, type, call,
                balances == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(balances))));
    }
}
