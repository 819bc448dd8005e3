package org.birthofds.bank.checks;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.birthofds.bank.checks.History.Event;
import org.birthofds.bank.checks.History.Kind;
import org.birthofds.bank.checks.History.Op;
import org.birthofds.bank.checks.History.Type;

/**
 * Is there one order of the operations, consistent with real time (A finished before B began
 * means A comes first), in which each operation does what it answered? Wing and Gong's search
 * with Lowe's just-in-time linearization and memoization, as Porcupine does it: walk the calls
 * and returns in time order, linearize a pending call when the model allows it, backtrack when a
 * return arrives whose call is not yet placed, and never revisit a (set of placed operations,
 * state) pair seen before.
 *
 * <p>The bank is checked one account at a time (linearizability is compositional; a transfer is a
 * withdrawal on one account and a deposit on the other, a read-all a read of each): the model is a
 * register holding a balance. An unknown operation may take effect or not, at any time after its
 * call (its return is at infinity). Past the time budget the answer is "unknown", not a pass.
 */
public final class Linearizability {
    public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    public record Result(Verdict verdict, String message, Path timeline) {
    }

    /** One account's view of an operation: a read of {@code value}, or a change by {@code delta}. */
    public record Step(int id, String client, String label, long call, long ret, long callTime, long retTime,
                boolean read, long value, long delta) {
        boolean known() {
            return ret != Long.MAX_VALUE;
        }
    }

    private static final class Node {
        final Step step;
        final boolean call;
        Node match;
        Node prev;
        Node next;

        public Node(Step step, boolean call) {
            this.step = step;
            this.call = call;
        }
    }

    private record Key(BitSet placed, long balance) {
    }

    private record Frame(Node call, long balance) {
    }

    private Linearizability() {
    }

    public static Result check(History history, List<Mark> marks, String name, long budgetMillis) {
        Map<Long, Event> invokes = new HashMap<>();
        Map<Long, Event> ends = new HashMap<>();
        Set<String> accounts = new TreeSet<>();
        for (Event event : history.events()) {
            (event.type() == Type.INVOKE ? invokes : ends).put(event.call().id(), event);
            Op op = event.call().op();
            if (op.account() != null) {
                accounts.add(op.account());
            }
            if (op.to() != null) {
                accounts.add(op.to());
            }
        }
        long deadline = System.nanoTime() + budgetMillis * 1_000_000;
        boolean gaveUp = false;
        for (String account : accounts) {
            List<Step> steps = project(account, invokes, ends);
            String[] why = new String[1];
            Verdict verdict = search(steps, deadline, why);
            if (verdict == Verdict.NOT_LINEARIZABLE) {
                Path file = Timeline.write(name + "-account-" + account, account, steps, marks, why[0]);
                return new Result(verdict, "Not linearizable: account " + account + ": no order of its " + steps.size()
                        + " operations consistent with real time explains what they answered; " + why[0]
                        + ". Timeline: " + file.toAbsolutePath(), file);
            }
            gaveUp |= verdict == Verdict.UNKNOWN;
        }
        return gaveUp ? new Result(Verdict.UNKNOWN, "Linearizability unknown: gave up after " + budgetMillis + " ms", null)
                : new Result(Verdict.LINEARIZABLE, "Linearizable (" + accounts.size() + " accounts)", null);
    }

    private static List<Step> project(String account, Map<Long, Event> invokes, Map<Long, Event> ends) {
        List<Step> steps = new ArrayList<>();
        for (Event invoke : invokes.values()) {
            Event end = ends.get(invoke.call().id());
            Type outcome = end == null ? Type.UNKNOWN : end.type();
            Op op = invoke.call().op();
            if (outcome == Type.FAIL || (op.isRead() && outcome != Type.OK)) {
                continue; // refused or unanswered: no effect and nothing observed
            }
            boolean read = op.kind() == Kind.READ_ONE ? account.equals(op.account()) : op.kind() == Kind.READ_ALL;
            long delta = op.effectOn(account);
            if (!read && delta == 0) {
                continue;
            }
            long value = read ? end.balances().getOrDefault(account, 0L) : 0;
            boolean known = outcome == Type.OK;
            String label = op + (read ? " = " + value : "") + (known ? "" : " ?");
            steps.add(new Step(steps.size(), invoke.client(), label, invoke.seq(), known ? end.seq() : Long.MAX_VALUE,
                    invoke.time(), known ? end.time() : Long.MAX_VALUE, read, value, delta));
        }
        return steps;
    }

    /** The register of balances: a read must see the balance, a withdrawal must not overdraw. */
    private static Long apply(long balance, Step step) {
        if (step.read()) {
            return step.value() == balance ? balance : null;
        }
        long next = balance + step.delta();
        return step.delta() < 0 && next < 0 ? null : next;
    }

    public static Verdict search(List<Step> steps, long deadline, String[] why) {
        Node head = new Node(null, false);
        List<Node> order = new ArrayList<>();
        for (Step step : steps) {
            Node call = new Node(step, true);
            order.add(call);
            if (step.known()) {
                call.match = new Node(step, false);
                order.add(call.match);
            }
        }
        order.sort((a, b) -> Long.compare(a.call ? a.step.call() : a.step.ret(), b.call ? b.step.call() : b.step.ret()));
        Node last = head;
        for (Node node : order) {
            last.next = node;
            node.prev = last;
            last = node;
        }
        int knownLeft = (int) steps.stream().filter(Step::known).count();
        BitSet placed = new BitSet();
        long balance = 0;
        Deque<Frame> stack = new ArrayDeque<>();
        Set<Key> seen = new HashSet<>();
        int deepest = -1;
        Node entry = head.next;
        for (long iteration = 0; ; iteration++) {
            if (knownLeft == 0) {
                return Verdict.LINEARIZABLE;
            }
            if ((iteration & 1023) == 0 && System.nanoTime() > deadline) {
                return Verdict.UNKNOWN;
            }
            if (entry != null && entry.call) {
                Long next = apply(balance, entry.step);
                if (next != null) {
                    placed.set(entry.step.id());
                    if (seen.add(new Key((BitSet) placed.clone(), next))) {
                        stack.push(new Frame(entry, balance));
                        balance = next;
                        knownLeft -= entry.step.known() ? 1 : 0;
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                    placed.clear(entry.step.id());
                }
                entry = entry.next;
                continue;
            }
            if (entry != null && stack.size() > deepest) {
                deepest = stack.size();
                why[0] = "at best " + deepest + " of them fit in order, then " + entry.step.client() + "'s "
                        + entry.step.label() + " (answered at t=" + entry.step.retTime() + "ms) fits nowhere, the balance being "
                        + balance;
            }
            if (stack.isEmpty()) {
                return Verdict.NOT_LINEARIZABLE;
            }
            Frame frame = stack.pop();
            balance = frame.balance();
            placed.clear(frame.call().step.id());
            knownLeft += frame.call().step.known() ? 1 : 0;
            unlift(frame.call());
            entry = frame.call().next;
        }
    }

    private static void lift(Node call) {
        remove(call);
        if (call.match != null) {
            remove(call.match);
        }
    }

    /** Dancing links: the removed nodes kept their neighbours, so putting back in reverse order restores the list. */
    private static void unlift(Node call) {
        if (call.match != null) {
            restore(call.match);
        }
        restore(call);
    }

    private static void remove(Node node) {
        node.prev.next = node.next;
        if (node.next != null) {
            node.next.prev = node.prev;
        }
    }

    private static void restore(Node node) {
        node.prev.next = node;
        if (node.next != null) {
            node.next.prev = node;
        }
    }
}
