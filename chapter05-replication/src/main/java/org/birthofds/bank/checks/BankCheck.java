package org.birthofds.bank.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.birthofds.bank.Account;
import org.birthofds.bank.Bank;
import org.birthofds.bank.checks.History.Call;
import org.birthofds.bank.checks.History.Event;
import org.birthofds.bank.checks.History.Kind;
import org.birthofds.bank.checks.History.Op;
import org.birthofds.bank.checks.History.Type;

/**
 * Jepsen's bank test, for chapters 4 and 5: money is neither created nor destroyed, and what the
 * bank acknowledged, it did, exactly once. Three checks on a {@link History}:
 * <ol>
 * <li>every read-all's total lies within what the deposits and withdrawals around it allow;
 * <li>no read ever shows a negative balance;
 * <li>the final read-all shows, per account, the acknowledged operations plus some subset of the
 *     ones whose outcome is unknown: a transfer acknowledged once and applied twice, or an
 *     acknowledged deposit that vanished, leaves a difference no subset explains.
 * </ol>
 * The rule for overlap, which every part uses: an operation acknowledged before a read was
 * invoked must be in it; one invoked after the read answered must be out; anything else (ok but
 * overlapping, or unknown and invoked before the read answered, since a timed-out request can
 * still land later) may be either. Failed operations are out. A transfer never changes the total,
 * so a read that sees half of one (the debit on one shard, not yet the credit on another) fails
 * (a): that torn read is exactly what chapter 4's cross-shard transfers risk.
 */
public final class BankCheck {
    /** Beyond this many distinct subset sums for one account, only the interval is checked. */
    static final int MAX_SUBSET_SUMS = 100_000;
    private static final int AROUND = 5;

    /** The verdict: problems (empty when the history is fine), notes on what was checked less strictly. */
    public record Result(List<String> problems, List<String> notes, String report) {
        public boolean passed() {
            return problems.isEmpty();
        }

        /** For a test: fails with the whole report, seed and replay hint included. */
        public void assertPassed() {
            if (!passed()) {
                throw new AssertionError(report);
            }
        }
    }

    /** One operation from invocation to completion; an unknown or unfinished one never completes. */
    private record Span(Call call, long invoked, long completed, Type outcome, Map<String, Long> balances) {
        public Op op() {
            return call.op();
        }
    }

    private record Problem(Span read, String what) {
    }

    /** An account's (or the total's) acknowledged sum at a read, and the effects that may or may not be in it. */
    private record Effects(long definite, List<Long> maybe, List<Span> acknowledged) {
        public long low() {
            return definite + maybe.stream().filter(e -> e < 0).mapToLong(Long::longValue).sum();
        }

        public long high() {
            return definite + maybe.stream().filter(e -> e > 0).mapToLong(Long::longValue).sum();
        }
    }

    private final List<Event> events;
    private final List<Span> writes = new ArrayList<>();
    private final List<Span> reads = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private BankCheck(History history) {
        this.events = history.events();
        Map<Long, Event> invocations = new HashMap<>();
        Map<Long, Event> completions = new HashMap<>();
        for (Event event : events) {
            (event.type() == Type.INVOKE ? invocations : completions).put(event.call().id(), event);
        }
        for (Event invoke : invocations.values()) {
            Event end = completions.get(invoke.call().id());
            Type outcome = end == null ? Type.UNKNOWN : end.type();
            long completed = outcome == Type.UNKNOWN ? Long.MAX_VALUE : end.seq();
            Span span = new Span(invoke.call(), invoke.seq(), completed, outcome, end == null ? null : end.balances());
            if (span.op().isRead()) {
                if (outcome == Type.OK) {
                    reads.add(span);
                }
            } else if (outcome != Type.FAIL) {
                writes.add(span);
            }
        }
        reads.sort((a, b) -> Long.compare(a.completed(), b.completed()));
    }

    /** Checks the history; {@code seed} and {@code replayHint} only go into the report, to rerun a failure. */
    public static Result check(History history, long seed, String replayHint) {
        BankCheck check = new BankCheck(history);
        for (Span read : check.reads) {
            check.checkRead(read);
        }
        check.checkFinalRead();
        List<String> problems = check.problems.stream().map(Problem::what).toList();
        return new Result(problems, List.copyOf(check.notes), check.report(seed, replayHint));
    }

    private void checkRead(Span read) {
        read.balances().forEach((account, balance) -> {
            if (balance < 0) {
                problems.add(new Problem(read, describe(read) + " saw a negative balance: " + account + " = " + balance));
            }
        });
        if (read.op().kind() == Kind.READ_ALL) {
            long total = read.balances().values().stream().mapToLong(Long::longValue).sum();
            Effects effects = effects(read, Op::effectOnTotal);
            if (total < effects.low() || total > effects.high()) {
                problems.add(new Problem(read, describe(read) + " saw total " + total + ", but the deposits and"
                        + " withdrawals allow only [" + effects.low() + ", " + effects.high() + "] ("
                        + effects.acknowledged().size() + " acknowledged before it began, " + effects.maybe().size()
                        + " that may or may not be in it)"));
            }
        } else {
            String account = read.op().account();
            long balance = read.balances().getOrDefault(account, 0L);
            Effects effects = effects(read, op -> op.effectOn(account));
            if (balance < effects.low() || balance > effects.high()) {
                problems.add(new Problem(read, describe(read) + " saw " + account + " = " + balance
                        + ", but the operations on it allow only [" + effects.low() + ", " + effects.high() + "]"));
            }
        }
    }

    private void checkFinalRead() {
        Span last = null;
        for (Span read : reads) {
            if (read.op().kind() == Kind.READ_ALL) {
                last = read;
            }
        }
        if (last == null) {
            problems.add(new Problem(null, "No read-all was answered, so nothing shows that acknowledged"
                    + " operations were applied exactly once: end every history with a final read-all."));
            return;
        }
        Span end = last;
        Set<String> acknowledged = new TreeSet<>();
        for (Span write : writes) {
            if (write.outcome() == Type.OK && write.completed() < end.invoked()) {
                acknowledged.add(write.op().account());
                if (write.op().to() != null) {
                    acknowledged.add(write.op().to());
                }
            }
        }
        for (String account : acknowledged) {
            if (!end.balances().containsKey(account)) {
                problems.add(new Problem(end, "Account " + account + " has acknowledged operations but the final "
                        + describe(end) + " does not list it"));
            }
        }
        Set<String> accounts = new TreeSet<>(end.balances().keySet());
        for (String account : accounts) {
            long balance = end.balances().get(account);
            Effects effects = effects(end, op -> op.effectOn(account));
            long difference = balance - effects.definite();
            Boolean explained = subsetSum(effects.maybe(), difference);
            if (explained == null) {
                notes.add("Account " + account + ": too many unknowns to check exactly (" + effects.maybe().size()
                        + " operations, over " + MAX_SUBSET_SUMS + " possible sums); checked only that the"
                        + " final balance lies in [" + effects.low() + ", " + effects.high() + "].");
                explained = balance >= effects.low() && balance <= effects.high();
            }
            if (!explained) {
                problems.add(new Problem(end, "Account " + account + ": the final " + describe(end) + " shows "
                        + balance + ", but its acknowledged operations give " + effects.definite() + " ("
                        + list(effects.acknowledged()) + "), and no subset of the " + effects.maybe().size()
                        + " operations that may or may not have happened " + effects.maybe()
                        + " makes up the difference of " + difference));
            }
        }
    }

    /** The overlap rule of the class comment, applied to one read and one way of counting effects. */
    private Effects effects(Span read, ToLongFunction<Op> effectOf) {
        long definite = 0;
        List<Long> maybe = new ArrayList<>();
        List<Span> acknowledged = new ArrayList<>();
        for (Span write : writes) {
            long effect = effectOf.applyAsLong(write.op());
            if (effect == 0 || write.invoked() > read.completed()) {
                continue;
            }
            if (write.outcome() == Type.OK && write.completed() < read.invoked()) {
                definite += effect;
                acknowledged.add(write);
            } else {
                maybe.add(effect);
            }
        }
        return new Effects(definite, maybe, acknowledged);
    }

    /** Whether some subset of {@code values} sums to {@code target}; null when that takes too many sums to know. */
    public static Boolean subsetSum(List<Long> values, long target) {
        Set<Long> sums = new HashSet<>();
        sums.add(0L);
        for (long value : values) {
            List<Long> more = new ArrayList<>(sums.size());
            for (long sum : sums) {
                more.add(sum + value);
            }
            sums.addAll(more); // equal amounts collapse, so 1,000 unknown deposits of 10 stay cheap
            if (sums.size() > MAX_SUBSET_SUMS) {
                return null;
            }
        }
        return sums.contains(target);
    }

    private String report(long seed, String replayHint) {
        if (problems.isEmpty()) {
            return "Bank check passed (seed " + seed + ", " + events.size() + " events)."
                    + (notes.isEmpty() ? "" : "\n" + String.join("\n", notes));
        }
        Problem first = problems.stream().filter(p -> p.read() != null)
                .min((a, b) -> Long.compare(a.read().completed(), b.read().completed())).orElse(problems.get(0));
        StringBuilder out = new StringBuilder();
        out.append("Bank check failed (seed ").append(seed).append("): ").append(problems.size())
                .append(problems.size() == 1 ? " problem.\n" : " problems.\n");
        out.append("First bad read: ").append(first.what()).append('\n');
        if (first.read() != null) {
            out.append("Around it (> marks the read):\n");
            Span read = first.read();
            long previous = -1;
            for (Event event : events) {
                long seq = event.seq();
                boolean near = Math.abs(seq - read.invoked()) <= AROUND || Math.abs(seq - read.completed()) <= AROUND;
                if (!near) {
                    continue;
                }
                if (previous >= 0 && seq != previous + 1) {
                    out.append("    ...\n");
                }
                out.append(event.call().id() == read.call().id() ? "  > " : "    ").append(event).append('\n');
                previous = seq;
            }
        }
        out.append("All problems:\n");
        problems.forEach(problem -> out.append("  - ").append(problem.what()).append('\n'));
        notes.forEach(note -> out.append("Note: ").append(note).append('\n'));
        out.append("Replay: ").append(replayHint);
        return out.toString();
    }

    private static String describe(Span read) {
        return read.op() + " by " + read.call().client() + " (#" + read.invoked() + "..#" + read.completed() + ")";
    }

    private static String list(List<Span> spans) {
        List<String> shown = spans.stream().limit(10).map(span -> span.op().toString()).toList();
        return String.join(", ", shown) + (spans.size() > 10 ? ", and " + (spans.size() - 10) + " more" : "");
    }
}
