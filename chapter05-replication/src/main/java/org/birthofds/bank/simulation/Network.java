package org.birthofds.bank.simulation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulated network: every message takes a random delay (so messages overtake each other),
 * some are lost, some arrive twice, and a partition cuts the links between its sides. A message
 * already in flight when a partition starts is lost too: the link is checked at both ends.
 *
 * <p>Some replica messages (and duplicates) are late: they arrive up to several election timeouts
 * after they left, when their sender's term may be long over. So a vote or an acknowledgement of
 * a past term reaches a newer candidate or leader, as it does when a TCP connection stalls and
 * then delivers its backlog.
 */
final class Network {
    private final Random random;
    static final int LATE_MIN_MS = 150;
    static final int LATE_MAX_MS = 1500;

    private double drop;
    private double duplicate;
    private double late;
    private final int minDelay;
    private final int maxDelay;
    private final Map<String, Integer> side = new HashMap<>(); // no entry: reaches everyone
    private final Map<String, Long> stalledUntil = new HashMap<>();

    Network(Random random, Schedule schedule) {
        this.random = random;
        this.drop = schedule.drop();
        this.duplicate = schedule.duplicate();
        this.late = schedule.late();
        this.minDelay = schedule.minDelay();
        this.maxDelay = schedule.maxDelay();
    }

    void partition(List<String> one, List<String> other, List<String> replicas) {
        side.clear();
        replicas.forEach(node -> side.put(node, 2));
        other.forEach(node -> side.put(node, 2));
        one.forEach(node -> side.put(node, 1));
    }

    void heal() {
        side.clear();
    }

    void stall(String node, long until) {
        stalledUntil.put(node, until);
    }

    /** How long a message leaving {@code from} now waits before its own delay starts: 0 unless its links stall. */
    long stalledFor(String from, long now) {
        Long until = stalledUntil.get(from);
        return until == null ? 0 : Math.max(0, until - now);
    }

    /** The loss stops too: liveness after healing is timed on a working network. */
    void calm() {
        stalledUntil.clear();
        drop = 0;
        duplicate = 0;
        late = 0;
    }

    boolean connected(String a, String b) {
        Integer sa = side.get(a);
        Integer sb = side.get(b);
        return sa == null || sb == null || sa.equals(sb);
    }

    /**
     * The delays of the copies that will arrive: none if lost, two if duplicated. Only replicas'
     * messages are duplicated or late: a client's request rides one connection (TCP drops repeats)
     * with a timeout of its own, and a client that resends on its own is exercise 5.3.
     */
    long[] delays(boolean replicaMessage) {
        if (random.nextDouble() < drop) {
            return new long[0];
        }
        long first = delay(replicaMessage);
        return replicaMessage && random.nextDouble() < duplicate ? new long[] {first, delay(true)} : new long[] {first};
    }

    private long delay(boolean mayBeLate) {
        if (mayBeLate && late > 0 && random.nextDouble() < late) {
            return LATE_MIN_MS + random.nextInt(LATE_MAX_MS - LATE_MIN_MS + 1);
        }
        return minDelay + random.nextInt(maxDelay - minDelay + 1);
    }
}
