package org.birthofds.bank.balancer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's way through the balancer, while it lasts: the nodes it was sent to, in order,
 * whether the last one left the balancer, the copy of its body that lets it be sent again, and
 * the time it has left. It hangs on the request and goes with it, so the balancer still keeps
 * nothing about a request once it is over.
 *
 * <p>Tries follow each other, each started by whichever thread saw the last one fail; the lock
 * is only there to hand each one's fields safely to the next thread.
 */
final class Tries {
    /** One send to one node; {@code left} turns true once its headers have gone out to the node. */
    record Try(String node, AtomicBoolean left) {
    }

    private final List<Try> tries = new ArrayList<>(); // guarded by this
    private final long deadline;                       // System.nanoTime(); Long.MAX_VALUE for no limit
    private final byte[] body;                         // null: no body, or one too big to keep

    /** @param timeout the whole request's, retries included; zero for none */
    Tries(Duration timeout, byte[] body) {
        this.deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        this.body = body;
    }

    synchronized Try start(String node) {
        Try next = new Try(node, new AtomicBoolean());
        tries.add(next);
        return next;
    }

    /** The try under way, or the one that just ended; null before the first. */
    synchronized Try last() {
        return tries.isEmpty() ? null : tries.get(tries.size() - 1);
    }

    synchronized boolean tried(String node) {
        return tries.stream().anyMatch(t -> t.node().equals(node));
    }

    /** The body to send to the node, kept so that a retry can send it again; null if none was kept. */
    byte[] body() {
        return body;
    }

    /** Whether the request has a time limit: --timeout-ms above 0. */
    boolean limited() {
        return deadline != Long.MAX_VALUE;
    }

    /** What is left of a limited request's time, the timeout of its next try: 0 once it is up. */
    long millisLeft() {
        return roundedUp(deadline - System.nanoTime());
    }

    /**
     * Whole milliseconds, rounded up: a try given the time left then ends no earlier than the
     * request's deadline, so the request's time is up when the try's is. Rounded down, a try
     * timed out a fraction of a millisecond early, found time left, and a read that had used up
     * its time went to another node.
     */
    static long roundedUp(long nanosLeft) {
        return nanosLeft <= 0 ? 0 : (nanosLeft + 999_999) / 1_000_000;
    }

    boolean timeIsUp() {
        return limited() && millisLeft() == 0;
    }
}
