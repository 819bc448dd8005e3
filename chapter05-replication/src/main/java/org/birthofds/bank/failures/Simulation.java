package org.birthofds.bank.failures;

import java.util.Random;

/**
 * The same questions answered by brute force, so a reader need not trust the formulas. Seeded
 * java.util.Random because its algorithm is fixed by its specification: the same seed prints
 * the same table on every JVM, which is what makes a surprising figure replayable.
 */
final class Simulation {
    /** Two-sided normal quantiles: 95% for the table, 99.9% where many figures are compared at once. */
    static final double Z_95 = 1.959964;
    static final double Z_99_9 = 3.290527;

    private Simulation() {
    }

    /**
     * How many of n machines fail in one day, each independently with probability p: an exact
     * binomial draw by jumping from one failure to the next (the gap is geometric), so a day of
     * 100,000 machines costs about n·p + 1 random numbers instead of 100,000.
     */
    static int failuresInOneDay(int n, double p, Random random) {
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        double logQuiet = Math.log1p(-p);
        int failures = 0;
        double machine = 0; // a double: the last gap can overshoot any int
        while (true) {
            // P(gap > k) = (1 - p)^k: the next failing machine is 'gap' machines further on.
            machine += Math.floor(Math.log(1 - random.nextDouble()) / logQuiet) + 1;
            if (machine > n) {
                return failures;
            }
            failures++;
        }
    }

    /** Simulated days of n machines: the mean count, and the fraction of days with any failure. */
    static Estimate[] days(int n, double p, int days, double z, Random random) {
        double sum = 0;
        double sumOfSquares = 0;
        long daysWithFailure = 0;
        for (int day = 0; day < days; day++) {
            int failures = failuresInOneDay(n, p, random);
            sum += failures;
            sumOfSquares += (double) failures * failures;
            if (failures > 0) {
                daysWithFailure++;
            }
        }
        double mean = sum / days;
        double variance = Math.max(0, (sumOfSquares - days * mean * mean) / (days - 1));
        return new Estimate[] {
            new Estimate(mean, z * Math.sqrt(variance / days)),
            proportion(daysWithFailure, days, z)
        };
    }

    /**
     * Whether one machine is down at a moment long after it was switched on. Up times are
     * exponential with mean 1/p days and repairs exponential with mean mttrDays: any shapes give the
     * same long-run fraction, and these make the machine a two-state Markov chain that forgets its
     * start as e^(-(p + 1/mttr)·t). Looking at time 30/(p + 1/mttr) leaves an error of e^-30 of u,
     * so the fixed moment is as good as a random one (and costs about one random number).
     */
    static boolean downAtSomeMoment(double p, double mttrDays, Random random) {
        double repairRate = 1 / mttrDays;
        double moment = 30 / (p + repairRate);
        // Most machines never fail before the moment (e^(-p·moment) = 97% with the defaults), and
        // the first up time passes it exactly when the uniform behind it exceeds this: no log needed.
        double firstFailureInTime = -Math.expm1(-p * moment);
        double uniform = random.nextDouble();
        if (uniform >= firstFailureInTime) {
            return false;
        }
        double time = -Math.log1p(-uniform) / p;
        while (true) {
            time += exponential(repairRate, random);
            if (time > moment) {
                return true;
            }
            time += exponential(p, random);
            if (time > moment) {
                return false;
            }
        }
    }

    /** The chance that a given shard (one machine) is down when a request arrives. */
    static Estimate shardDown(double p, double mttrDays, int trials, double z, Random random) {
        long down = 0;
        for (int trial = 0; trial < trials; trial++) {
            if (downAtSomeMoment(p, mttrDays, random)) {
                down++;
            }
        }
        return proportion(down, trials, z);
    }

    /**
     * The chance that at least one of n shards is down, each machine simulated on its own. A trial
     * stops at the first machine found down, so it costs about min(n, 1/u) machines, not n.
     */
    static Estimate anyDown(int n, double p, double mttrDays, int trials, double z, Random random) {
        long someDown = 0;
        for (int trial = 0; trial < trials; trial++) {
            for (int machine = 0; machine < n; machine++) {
                if (downAtSomeMoment(p, mttrDays, random)) {
                    someDown++;
                    break;
                }
            }
        }
        return proportion(someDown, trials, z);
    }

    /**
     * A simulated fraction f, plus or minus the half-width of Wilson's score interval. The textbook
     * width z·sqrt(f(1-f)/n) is zero when every trial agreed (10,000 days that all saw a failure
     * would "prove" P = 1 exactly, yet for 10,000 machines it is 0.99995); Wilson's never collapses.
     */
    static Estimate proportion(long hits, long trials, double z) {
        double f = hits / (double) trials;
        double z2 = z * z;
        double halfWidth = z / (1 + z2 / trials) * Math.sqrt(f * (1 - f) / trials + z2 / (4.0 * trials * trials));
        return new Estimate(f, halfWidth);
    }

    private static double exponential(double rate, Random random) {
        return -Math.log(1 - random.nextDouble()) / rate; // 1 - [0, 1) is never 0
    }
}
