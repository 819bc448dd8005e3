package org.birthofds.bank.failures;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.birthofds.bank.load.Measured;

/**
 * "With 1 machine failing once in 1,000 days, 1,000 machines see one failure a day", made
 * runnable: {@code java -cp target/classes org.birthofds.bank.failures.FailureMath [--p 0.001]
 * [--mttr-hours 24] [--seed 42] [--trials 10000]}. Chapter 4 spreads the bank over many machines;
 * this is why it must then treat a failure as a daily event rather than an accident.
 *
 * <p>The default repair time is 24 hours: a dead machine is noticed, replaced and its shard
 * restored within a working day, which is realistic without an on-call rota and keeps p·MTTR at
 * 0.001, small enough that "down 0.1% of the time" is the number to remember.
 */
public final class FailureMath {
    static final int[] MACHINES = {1, 10, 100, 1_000, 10_000, 100_000};

    private FailureMath() {
    }

    public static void main(String[] args) {
        double p = 0.001;
        double mttrHours = 24;
        long seed = 42;
        int trials = 10_000;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = i + 1 < args.length ? args[++i] : null;
            if (value == null) {
                fail("Flag " + flag + " needs a value.");
            }
            try {
                switch (flag) {
                    case "--p" -> p = Double.parseDouble(value);
                    case "--mttr-hours" -> mttrHours = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--trials" -> trials = Integer.parseInt(value);
                    default -> fail("Unknown flag " + flag + "; FailureMath takes --p, --mttr-hours, --seed and --trials.");
                }
            } catch (NumberFormatException e) {
                fail("Flag " + flag + " takes a number, not \"" + value + "\".");
            }
        }
        if (!(p > 0 && p < 1) || !(mttrHours > 0) || trials < 2) {
            fail("Need 0 < --p < 1, --mttr-hours > 0 and --trials of at least 2.");
        }
        // For a seed the table is the same on any machine; the line above it says which code computed it, and when.
        System.out.println(Measured.header());
        System.out.print(table(rows(p, mttrHours / 24, trials, seed, Simulation.Z_95), p, mttrHours, trials, seed));
    }

    /** The whole table as numbers, for n in {@link #MACHINES}; each row has its own random stream. */
    static List<Row> rows(double p, double mttrDays, int trials, long seed, double z) {
        List<Row> rows = new ArrayList<>();
        double u = ClosedForm.unavailability(p, mttrDays);
        for (int n : MACHINES) {
            // A stream per row and per question: adding a row or a trial elsewhere leaves this one unchanged.
            Estimate[] days = Simulation.days(n, p, trials, z, new Random(mix(seed, n, 1)));
            rows.add(new Row(n,
                    ClosedForm.expectedFailuresPerDay(n, p), days[0],
                    ClosedForm.atLeastOneFailure(n, p), days[1],
                    u, Simulation.shardDown(p, mttrDays, trials, z, new Random(mix(seed, n, 2))),
                    ClosedForm.anyDown(n, u), Simulation.anyDown(n, p, mttrDays, trials, z, new Random(mix(seed, n, 3)))));
        }
        return rows;
    }

    static String table(List<Row> rows, double p, double mttrHours, int trials, long seed) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "Each machine fails with p = %s per day (once in %,.0f days) and takes %s h to repair.%n",
                number(p), 1 / p, number(mttrHours)));
        out.append(String.format(Locale.ROOT,
                "Each cell: closed form | simulated ± 95%% CI (seed %d, %,d simulated days or moments per cell).%n%n",
                seed, trials));
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"machines", "failures per day (N·p)", "P(≥1 failure today)",
            "P(a given shard down now)", "P(any shard down now)"});
        for (Row row : rows) {
            lines.add(new String[] {String.format(Locale.ROOT, "%,d", row.machines()),
                cell(row.failuresPerDay(), row.simulatedFailuresPerDay()),
                cell(row.atLeastOneFailure(), row.simulatedAtLeastOneFailure()),
                cell(row.shardDown(), row.simulatedShardDown()),
                cell(row.anyShardDown(), row.simulatedAnyShardDown())});
        }
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder(" ".repeat(widths[0] - line[0].length())).append(line[0]);
            for (int c = 1; c < line.length; c++) {
                text.append("   ").append(line[c]).append(" ".repeat(widths[c] - line[c].length()));
            }
            out.append(text.toString().stripTrailing()).append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "%nA shard is one machine in chapter 4, so it is down u = p·MTTR/(1 + p·MTTR)"
                + " of the time; with N shards%nsome accounts are unreachable 1 - (1 - u)^N of the time:"
                + " at 1,000 machines a failure is routine, not news.%n"));
        return out.toString();
    }

    private static String cell(double closed, Estimate simulated) {
        return number(closed) + " | " + number(simulated.mean()) + " ± " + significant(simulated.halfWidth(), 2);
    }

    /**
     * Three significant digits in plain notation (0.000999, not 9.99e-04), and enough digits near 1
     * to show how far from certain it is: 0.99995 must not print as 1, since "always" is a claim.
     */
    static String number(double x) {
        if (x > 0.9 && x < 1) {
            return new BigDecimal(x).setScale(2 - (int) Math.floor(Math.log10(1 - x)), RoundingMode.HALF_EVEN)
                    .stripTrailingZeros().toPlainString();
        }
        return significant(x, 3);
    }

    private static String significant(double x, int digits) {
        if (x == 0) {
            return "0";
        }
        return new BigDecimal(x).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    private static long mix(long seed, int n, int question) {
        long x = seed * 0x9E3779B97F4A7C15L + n * 31L + question;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L; // splitmix64's finaliser: nearby inputs, unrelated seeds
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
