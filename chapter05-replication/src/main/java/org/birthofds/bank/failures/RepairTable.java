package org.birthofds.bank.failures;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** RepairMath's figures as the table it prints below the measured line: one line per bank, one column per policy. */
final class RepairTable {
    private RepairTable() {
    }

    static String of(List<Outcome> outcomes, double p, List<Replacement> policies, int trials, long seed) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "Each machine fails with p = %s per day (once in %,.0f days); a group serves while a majority of it"
                        + " is up.%n", FailureMath.number(p), 1 / p));
        out.append(String.format(Locale.ROOT,
                "A dead machine is never replaced, or replaced after a mean time (%s). Rows: one group, then as many"
                        + " groups as fit in%n%s machines.%n", String.join(", ", labels(policies)), fleets()));
        out.append(String.format(Locale.ROOT,
                "P(some group loses its majority within a year), each cell: closed form | simulated ± 95%% CI"
                        + " (seed %d, %,d simulated years).%n%n", seed, trials));

        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("group", "machines", "groups"));
        for (Replacement policy : policies) {
            header.add(policy.label());
        }
        header.add("mean years to first loss: " + String.join(" | ", shortLabels(policies)));
        lines.add(header.toArray(String[]::new));
        // Outcomes come size by size, policy by policy, row by row; a line is one bank under every policy.
        Map<List<Integer>, List<Outcome>> banks = new LinkedHashMap<>();
        for (Outcome outcome : outcomes) {
            banks.computeIfAbsent(List.of(outcome.group().machines(), outcome.groups()), k -> new ArrayList<>()).add(outcome);
        }
        for (List<Outcome> bank : banks.values()) {
            Outcome first = bank.get(0);
            List<String> line = new ArrayList<>(List.of(String.valueOf(first.group().machines()),
                    String.format(Locale.ROOT, "%,d", first.machines()), String.format(Locale.ROOT, "%,d", first.groups())));
            List<String> years = new ArrayList<>();
            for (Outcome outcome : bank) {
                line.add(cell(outcome.lossInAYear(), outcome.simulatedLossInAYear()));
                years.add(years(outcome.yearsToFirstLoss()));
            }
            line.add(String.join(" | ", years));
            lines.add(line.toArray(String[]::new));
        }
        out.append(aligned(lines));
        out.append(String.format(Locale.ROOT, "%nNever replaced, every group runs down, and the more groups, the sooner"
                + " the first is lost.%nReplaced, a group is lost only if more of its machines die within one"
                + " replacement window than it can spare.%n"));
        return out.toString();
    }

    private static String cell(double closed, Estimate simulated) {
        return FailureMath.number(closed) + " | " + FailureMath.number(simulated.mean()) + " ± "
                + significant(simulated.halfWidth(), 2);
    }

    private static String aligned(List<String[]> lines) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                boolean number = c < 3; // counts right-aligned, cells left-aligned, as in FailureMath
                String pad = " ".repeat(widths[c] - line[c].length());
                text.append(c == 0 ? "" : "   ").append(number ? pad + line[c] : line[c] + pad);
            }
            out.append(text.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** Years with three significant digits, and thousands separated: 48,600,000 reads better than 4.86e7. */
    static String years(double years) {
        if (Double.isInfinite(years)) {
            return "∞";
        }
        if (years < 1_000) {
            return FailureMath.number(years);
        }
        return String.format(Locale.ROOT, "%,.0f", new BigDecimal(years).round(new MathContext(3)));
    }

    private static String significant(double x, int digits) {
        return x == 0 ? "0" : new BigDecimal(x).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    private static String fleets() {
        List<String> fleets = Arrays.stream(RepairMath.FLEETS).mapToObj(n -> String.format(Locale.ROOT, "%,d", n)).toList();
        return String.join(", ", fleets.subList(0, fleets.size() - 1)) + " and " + fleets.get(fleets.size() - 1);
    }

    private static List<String> labels(List<Replacement> policies) {
        return policies.stream().filter(r -> !r.never()).map(r -> FailureMath.number(r.days() * 24) + " h").toList();
    }

    private static List<String> shortLabels(List<Replacement> policies) {
        return policies.stream().map(Replacement::shortLabel).toList();
    }
}
