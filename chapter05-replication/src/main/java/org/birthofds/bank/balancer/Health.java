package org.birthofds.bank.balancer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which logic nodes are in service, kept as counters like everything else the balancer keeps:
 * per node, health checks failed and answered in a row, whether it is out, and how many times it
 * was taken out. Chapter 4's balancer had none of this, so it kept sending a dead node its share.
 *
 * <p>A node is taken out (ejected) after {@code ejectAfter} failed health checks in a row, or at
 * once when it refuses a connection: nothing listens there, and every request sent to it would
 * only be refused too. It comes back (re-admitted) after {@code admitAfter} answered health checks
 * in a row, so that one lucky answer from a node that is still going up and down is not enough.
 * Every node starts in service: a balancer that starts before its nodes learns within a few checks.
 *
 * <p>Transitions take a small lock; every request reads {@link #admitted} without one.
 */
final class Health {
    private static final Logger log = LoggerFactory.getLogger(Health.class);

    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();
    private final int ejectAfter;
    private final int admitAfter;
    private final AtomicIntegerArray out;       // 1 while ejected
    private final AtomicLongArray ejections;
    private final int[] failedInARow;           // guarded by this
    private final int[] answeredInARow;         // guarded by this

    Health(List<String> nodes, int ejectAfter, int admitAfter) {
        if (ejectAfter < 1 || admitAfter < 1) {
            throw new IllegalArgumentException("A node is ejected and re-admitted after at least one health check.");
        }
        this.names = List.copyOf(nodes);
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        this.ejectAfter = ejectAfter;
        this.admitAfter = admitAfter;
        this.out = new AtomicIntegerArray(names.size());
        this.ejections = new AtomicLongArray(names.size());
        this.failedInARow = new int[names.size()];
        this.answeredInARow = new int[names.size()];
    }

    /** Whether requests may go to this node now. */
    boolean admitted(String node) {
        return out.get(at(node)) == 0;
    }

    /** How many times the node was taken out so far. */
    long ejections(String node) {
        return ejections.get(at(node));
    }

    /** A health check got no answer, or not a 200, in time. */
    synchronized void checkFailed(String node, String why) {
        int i = at(node);
        answeredInARow[i] = 0;
        failedInARow[i]++;
        if (out.get(i) == 0 && failedInARow[i] >= ejectAfter) {
            eject(i, failedInARow[i] + " health check(s) failed in a row, the last: " + why);
        }
    }

    /** A health check was answered 200 in time. */
    synchronized void checkAnswered(String node) {
        int i = at(node);
        failedInARow[i] = 0;
        answeredInARow[i]++;
        if (out.get(i) == 1 && answeredInARow[i] >= admitAfter) {
            out.set(i, 0);
            log.info("{} re-admitted: {} health check(s) answered in a row", node, answeredInARow[i]);
        }
    }

    /** A request could not even connect: passive ejection, without waiting for the next health check. */
    synchronized void refused(String node, String why) {
        int i = at(node);
        answeredInARow[i] = 0;
        if (out.get(i) == 0) {
            eject(i, "a request could not connect: " + why);
        }
    }

    private void eject(int i, String why) {
        out.set(i, 1);
        answeredInARow[i] = 0;
        ejections.incrementAndGet(i);
        log.warn("{} ejected: {}", names.get(i), why);
    }

    private int at(String node) {
        Integer i = index.get(node);
        if (i == null) {
            throw new IllegalArgumentException("No node " + node + " here; the nodes are " + names + ".");
        }
        return i;
    }
}
