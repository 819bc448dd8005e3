package org.birthofds.bank.simulation;

import java.util.Random;

/**
 * A run's independent random generators, all from its one seed. java.util.Random's first draws
 * barely differ for seeds that differ little (every seed from 1 to 2,048 once drew the same group
 * size, and the replicas of a group nearly the same election timeout), so each generator's seed is
 * mixed first, with SplitMix64's finalizer, from the run's seed, what it is for, and which one.
 */
final class Seeds {
    static final long SHAPE = 1, SCHEDULE = 2, NETWORK = 3, CRASHES = 4, PHASES = 5, LOGIC = 6, CLIENT = 7, PROBE = 8,
            REPLICA = 9, COMPACTION = 10, MEMBERSHIP = 11;

    private Seeds() {
    }

    static Random random(long seed, long purpose, long which) {
        return new Random(mix(mix(seed) ^ mix(purpose * 0x9E3779B97F4A7C15L + which)));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
