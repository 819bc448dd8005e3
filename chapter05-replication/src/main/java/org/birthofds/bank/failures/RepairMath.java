package org.birthofds.bank.failures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.birthofds.bank.load.Measured;

/**
 * The series' last argument made runnable: redundancy alone only buys time, and replacing the
 * dead is what keeps a big bank alive. Chapter 5 makes every shard a Raft group of 3 (or 5)
 * machines that serves while a majority is up. With a thousand machines one fails every day, so
 * the question is not whether a group loses a machine but whether it loses a majority before the
 * dead are replaced. This prints, for banks of one group up to 100,000 machines,
 * the chance that some group loses its majority within a year, as a formula beside a seeded
 * simulation, and the mean years until the first group does.
 *
 * <pre>java -cp chapter05-replication/target/classes org.birthofds.bank.failures.RepairMath [--p 0.001]
 *     [--replace-hours 24] [--seed 42] [--trials 1000] [--svg chapter05-replication/docs/repair.svg]
 * mvn -q -pl chapter05-replication compile exec:java@repair -Dexec.args="--replace-hours 6"</pre>
 *
 * {@code -Dexec.mainClass=...} is ignored here: the parent pom sets the plugin's mainClass to
 * {@code ${main.class}}, which a command-line property cannot override. {@code
 * -Dmain.class=org.birthofds.bank.failures.RepairMath} would work; the {@code @repair} execution
 * is this chapter's convention, as {@code @failures} is FailureMath's. The default 1,000 simulated
 * years take a few seconds on two cores.
 *
 * <p>The default time to replace is 24 hours, as FailureMath's repair: a dead machine is noticed,
 * a fresh one provisioned and the shard copied to it (a terabyte at 100 MB/s is three hours) within
 * a working day, with no one woken at night. The table adds 1 hour, a spare pool and a controller
 * that replace machines unattended, to show what speed buys.
 */
public final class RepairMath {
    static final int[] SIZES = {3, 5};
    /** Rows after the first (one group): the largest whole number of groups that fits in each fleet. */
    static final int[] FLEETS = {10, 100, 1_000, 10_000, 100_000};
    static final Replacement AUTOMATED = Replacement.afterHours(1);

    private RepairMath() {
    }

    public static void main(String[] args) throws IOException {
        double p = 0.001;
        double replaceHours = 24;
        long seed = 42;
        int trials = 1_000;
        Path svg = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = i + 1 < args.length ? args[++i] : null;
            if (value == null) {
                fail("Flag " + flag + " needs a value.");
            }
            try {
                switch (flag) {
                    case "--p" -> p = Double.parseDouble(value);
                    case "--replace-hours" -> replaceHours = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--trials" -> trials = Integer.parseInt(value);
                    case "--svg" -> svg = Path.of(value);
                    default -> fail("Unknown flag " + flag + "; RepairMath takes --p, --replace-hours, --seed, --trials and --svg.");
                }
            } catch (NumberFormatException e) {
                fail("Flag " + flag + " takes a number, not \"" + value + "\".");
            }
        }
        if (!(p > 0 && p < 1) || !(replaceHours > 0) || trials < 2) {
            fail("Need 0 < --p < 1, --replace-hours > 0 and --trials of at least 2.");
        }
        System.out.println(Measured.header());
        List<Replacement> policies = policies(Replacement.afterHours(replaceHours));
        List<Outcome> outcomes = outcomes(p, policies, FLEETS, trials, seed, Simulation.Z_95);
        System.out.print(RepairTable.of(outcomes, p, policies, trials, seed));
        if (svg != null) {
            Files.writeString(svg, RepairPlot.svg(p, policies));
            System.out.println(System.lineSeparator() + "Plot written to " + svg);
        }
    }

    /** Never, the chosen time, and an hour for comparison (unless the chosen time is an hour). */
    static List<Replacement> policies(Replacement chosen) {
        return chosen.equals(AUTOMATED)
                ? List.of(Replacement.NEVER, chosen)
                : List.of(Replacement.NEVER, chosen, AUTOMATED);
    }

    /** Each row's group count for a size: one group, then as many as fit in each fleet that holds more. */
    static int[] groupCounts(Group group, int[] fleets) {
        return IntStream.concat(IntStream.of(1), Arrays.stream(fleets).map(group::groupsIn).filter(groups -> groups > 1))
                .distinct().toArray();
    }

    /** Every figure of the table, size by size, policy by policy, row by row. */
    static List<Outcome> outcomes(double p, List<Replacement> policies, int[] fleets, int trials, long seed, double z) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int size : SIZES) {
            Group group = new Group(size);
            int[] counts = groupCounts(group, fleets);
            // A stream per group size: another trial count or fleet leaves the other size's figures as they were.
            Random random = new Random(mix(seed, size));
            Estimate[][] simulated = RepairSimulation.someGroupLoses(group, p, policies, counts, trials, z, random);
            for (int policy = 0; policy < policies.size(); policy++) {
                Replacement replacement = policies.get(policy);
                double q = RepairClosedForm.groupLoss(group, p, replacement, RepairClosedForm.YEAR);
                for (int row = 0; row < counts.length; row++) {
                    outcomes.add(new Outcome(group, counts[row], replacement, RepairClosedForm.someGroup(q, counts[row]),
                            simulated[policy][row],
                            RepairClosedForm.meanDaysToFirstLoss(group, p, replacement, counts[row]) / RepairClosedForm.YEAR));
                }
            }
        }
        return outcomes;
    }

    private static long mix(long seed, int size) {
        long x = seed * 0x9E3779B97F4A7C15L + size;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L; // splitmix64's finaliser, as in FailureMath
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
