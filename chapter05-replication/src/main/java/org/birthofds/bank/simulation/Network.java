package org.birthofds.bank.simulation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulated network: every message takes a random delay (so messages overtake each other),
 * some are lost, some arrive twice, and a partition cuts the links between its sides. A message
 * already in flight when a partition starts is lost too: the link is checked at both ends.
 */
final class Network {
    private final Random random;
    private double drop;
    private double duplicate;
    private final int minDelay;
    private final int maxDelay;
    private final Map<String, Integer> side = new HashMap<>(); // no entry: reaches everyone

    Network(Random random, Schedule schedule) {
        this.random = random;
        this.drop = schedule.drop();
        this.duplicate = schedule.duplicate();
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

    /** The loss stops too: liveness after healing is timed on a working network. */
    void calm() {
        drop = 0;
        duplicate = 0;
    }

    boolean connected(String a, String b) {
        Integer sa = side.get(a);
        Integer sb = side.get(b);
        return sa == null || sb == null || sa.equals(sb);
    }

    /**
     * The delays of the copies that will arrive: none if lost, two if duplicated. Only replicas'
     * messages are duplicated: a client's request rides one connection (TCP drops repeats), and a
     * client that resends on its own is exercise 5.3.
     */
    long[] delays(boolean mayDuplicate) {
        if (random.nextDouble() < drop) {
            return new long[0];
        }
        long first = delay();
        return mayDuplicate && random.nextDouble() < duplicate ? new long[] {first, delay()} : new long[] {first};
    }

    private long delay() {
        return minDelay + random.nextInt(maxDelay - minDelay + 1);
    }
}
