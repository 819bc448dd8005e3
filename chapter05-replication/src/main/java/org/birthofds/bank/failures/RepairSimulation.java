package org.birthofds.bank.failures;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The same question by brute force: every group lives through the year, failure by failure, with
 * its own replacements, so a reader need not trust the chain. Each simulated year draws the
 * machines' failures once and asks what every policy makes of those same failures: the columns
 * then differ by the policy alone, not by luck. Seeded java.util.Random, as in {@link Simulation},
 * so that a surprising figure can be replayed.
 */
final class RepairSimulation {
    private RepairSimulation() {
    }

    /**
     * For each policy and each bank size in {@code groups}, the fraction of simulated years in which
     * some group lost its majority. A bank of 1,000 machines is the first 1,000 machines of the bank
     * of 100,000, so one year of the largest bank answers every row.
     */
    static Estimate[][] someGroupLoses(Group group, double p, List<Replacement> policies, int[] groups,
                                       int trials, double z, Random random) {
        int largest = Arrays.stream(groups).max().orElse(0);
        long[][] hits = new long[policies.size()][groups.length];
        for (int trial = 0; trial < trials; trial++) {
            int[] first = firstGroupsToLose(group, p, policies, RepairClosedForm.YEAR, largest, random);
            for (int policy = 0; policy < policies.size(); policy++) {
                for (int row = 0; row < groups.length; row++) {
                    if (first[policy] < groups[row]) {
                        hits[policy][row]++;
                    }
                }
            }
        }
        Estimate[][] estimates = new Estimate[policies.size()][groups.length];
        for (int policy = 0; policy < policies.size(); policy++) {
            for (int row = 0; row < groups.length; row++) {
                estimates[policy][row] = Simulation.proportion(hits[policy][row], trials, z);
            }
        }
        return estimates;
    }

    /**
     * For each policy, the position (from 0) of the first of {@code groups} groups to lose its
     * majority within {@code days}, or {@code groups} if none does.
     *
     * <p>Thinning: a live machine fails at rate λ, so draw "maybe-failures" at rate λ for every place
     * in the group all year long, and let one count only if the machine in that place is alive at
     * the time. The group's maybe-failures are a Poisson count with mean g·λ·days, and a group with
     * fewer than deadToLose of them cannot be lost: such groups (70% of them with the defaults) are
     * jumped over in one geometric draw, as {@link Simulation#failuresInOneDay} jumps over machines.
     */
    static int[] firstGroupsToLose(Group group, double p, List<Replacement> policies, double days, int groups,
                                   Random random) {
        int[] first = new int[policies.size()];
        Arrays.fill(first, groups);
        double[] enough = enoughMaybeFailures(group, GroupChain.failureRate(p) * group.machines() * days);
        double chance = enough[enough.length - 1];
        if (chance == 0) {
            return first; // p so small that no group ever sees enough failures
        }
        double logSkip = Math.log1p(-chance);
        int open = policies.size(); // policies that have not lost a group yet
        double position = -1; // a double: the last jump can overshoot any int
        while (open > 0) {
            // P(jump > k) = (1 - chance)^k: the next group with enough maybe-failures is 'jump' groups on.
            position += chance >= 1 ? 1 : Math.floor(Math.log(1 - random.nextDouble()) / logSkip) + 1;
            if (position >= groups) {
                return first;
            }
            Year year = Year.draw(group, days, count(enough, group.deadToLose(), random), random);
            for (int policy = 0; policy < policies.size(); policy++) {
                if (first[policy] == groups && year.isLost(group, policies.get(policy))) {
                    first[policy] = (int) position;
                    open--;
                }
            }
        }
        return first;
    }

    /**
     * One group's maybe-failures in a year, in time order: when, at which place, and how long its
     * replacement would take in units of the mean (exponential, drawn once for every policy).
     */
    private record Year(double[] times, int[] places, double[] unitRepairs) {
        static Year draw(Group group, double days, int maybeFailures, Random random) {
            double[] times = new double[maybeFailures];
            for (int i = 0; i < maybeFailures; i++) {
                times[i] = random.nextDouble() * days; // given their count, Poisson times are uniform
            }
            Arrays.sort(times);
            int[] places = new int[maybeFailures];
            double[] unitRepairs = new double[maybeFailures];
            for (int i = 0; i < maybeFailures; i++) {
                places[i] = random.nextInt(group.machines());
                unitRepairs[i] = -Math.log(1 - random.nextDouble());
            }
            return new Year(times, places, unitRepairs);
        }

        /** True if at some moment of the year too many of the group's machines are dead at once. */
        boolean isLost(Group group, Replacement replacement) {
            double[] aliveAgainAt = new double[group.machines()]; // per place; 0: its machine is alive now
            for (int i = 0; i < times.length; i++) {
                if (aliveAgainAt[places[i]] > times[i]) {
                    // A dead machine cannot fail again: this maybe-failure does not count. (With exponential
                    // replacement times, restarting the wait would change no figure, since the wait has no
                    // memory; the line keeps the simulation right for any other shape of wait.)
                    continue;
                }
                aliveAgainAt[places[i]] = replacement.never()
                        ? Double.POSITIVE_INFINITY
                        : times[i] + unitRepairs[i] * replacement.days();
                int dead = 0;
                for (double alive : aliveAgainAt) {
                    if (alive > times[i]) {
                        dead++;
                    }
                }
                if (dead >= group.deadToLose()) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The Poisson tail from deadToLose on, as running sums: entry i is P(deadToLose ≤ N ≤
     * deadToLose + i), the last entry the chance that a group has enough maybe-failures to be lost.
     * Terms in logs, so that e^(-mean) cannot underflow however large p is.
     */
    private static double[] enoughMaybeFailures(Group group, double mean) {
        double logFactorial = 0;
        for (int k = 2; k < group.deadToLose(); k++) {
            logFactorial += Math.log(k);
        }
        double[] sums = new double[16];
        double sum = 0;
        int size = 0;
        for (int k = group.deadToLose(); ; k++) {
            logFactorial += k > 1 ? Math.log(k) : 0;
            double term = Math.exp(-mean + k * Math.log(mean) - logFactorial);
            sum += term;
            if (size == sums.length) {
                sums = Arrays.copyOf(sums, 2 * size);
            }
            sums[size++] = sum;
            if (k > mean && term < 1e-17 * sum) {
                return Arrays.copyOf(sums, size);
            }
        }
    }

    /** A Poisson count drawn given that it is at least deadToLose: invert the running sums. */
    private static int count(double[] enough, int deadToLose, Random random) {
        double target = random.nextDouble() * enough[enough.length - 1];
        int i = 0;
        while (i < enough.length - 1 && enough[i] <= target) {
            i++;
        }
        return deadToLose + i;
    }
}
