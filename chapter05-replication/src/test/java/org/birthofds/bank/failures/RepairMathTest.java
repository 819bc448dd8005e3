package org.birthofds.bank.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The binomial, the Markov chain and the brute-force simulation must tell the same story, and it
 * must be the series' story: replacement helps, a sooner one more, groups of 5 beat groups of 3,
 * and more machines never make the bank safer. As in FailureMathTest, every simulated figure is
 * compared with its formula at 99.9%, since a table holds dozens of them; the seeds are fixed.
 */
class RepairMathTest {
    private static final int TRIALS = 2_000;
    private static final double P = 0.001;
    private static final int[] FLEETS = {10, 100, 1_000, 10_000};
    private static final List<Replacement> POLICIES = RepairMath.policies(Replacement.afterHours(24));

    // p = 0.01 makes the rare columns common enough to check; a 720 h wait (λR = 0.3) leaves the
    // rules of thumb far behind, where only an exact chain can still agree with the simulation.
    @ParameterizedTest(name = "seed {0}, p {1}, replaced in {2} h")
    @CsvSource({"1, 0.001, 24", "2, 0.001, 168", "3, 0.01, 24", "4, 0.01, 6", "5, 0.01, 720"})
    void every_simulated_figure_agrees_with_its_closed_form(long seed, double p, double replaceHours) {
        System.out.println("RepairMathTest seed " + seed + ", --p " + p + ", --replace-hours " + replaceHours);
        List<Replacement> policies = RepairMath.policies(Replacement.afterHours(replaceHours));
        int[] fleets = p > 0.005 ? new int[] {10, 100, 1_000} : FLEETS; // at p = 0.01 a group has a dozen failures a year

        List<Outcome> outcomes = RepairMath.outcomes(p, policies, fleets, TRIALS, seed, Simulation.Z_99_9);

        List<String> misses = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (!outcome.simulatedLossInAYear().contains(outcome.lossInAYear())) {
                misses.add(outcome.machines() + " machines in groups of " + outcome.group().machines() + ", "
                        + outcome.replacement().label() + ": closed form " + outcome.lossInAYear() + ", simulated "
                        + outcome.simulatedLossInAYear());
            }
        }
        assertThat(outcomes).hasSize(RepairMath.SIZES.length * policies.size() * (fleets.length + 1));
        assertThat(misses).as("figures outside their 99.9%% interval (seed %d)", seed).isEmpty();
    }

    @Test
    void one_group_never_replaced_is_lost_when_a_majority_of_its_first_machines_die() {
        double q = 1 - Math.pow(1 - P, 365); // one machine dead within the year: 0.306

        assertThat(RepairClosedForm.neverReplacedLoss(new Group(3), P, 365))
                .isCloseTo(3 * q * q * (1 - q) + q * q * q, within(1e-15))
                .isCloseTo(0.224, within(0.001));
        assertThat(RepairClosedForm.neverReplacedLoss(new Group(5), P, 365))
                .isCloseTo(10 * Math.pow(q, 3) * Math.pow(1 - q, 2) + 5 * Math.pow(q, 4) * (1 - q) + Math.pow(q, 5), within(1e-15));
        assertThat(new Group(3).majority()).isEqualTo(2);
        assertThat(new Group(5).deadToLose()).isEqualTo(3);
    }

    @Test
    void the_chain_without_replacement_is_the_binomial() {
        for (int size = 1; size <= 7; size++) {
            for (double days : new double[] {1, 365, 10_000}) {
                double binomial = RepairClosedForm.neverReplacedLoss(new Group(size), P, days);
                double chain = new GroupChain(new Group(size), P, Replacement.NEVER).lossWithin(days);

                assertThat(chain).as("group of %d, %s days", size, days).isCloseTo(binomial, within(1e-12 * binomial));
            }
        }
    }

    @Test
    void with_a_quick_replacement_a_group_is_lost_only_when_failures_overlap() {
        // Rules of thumb for λ·R small: a group of 3 is lost when, after a failure (3λ a day), one of
        // the other two fails within its window (2λR); a group of 5 needs a third failure (3λ) while
        // two are down, a window that closes at 2/R. The chain must agree to first order.
        double lambda = GroupChain.failureRate(P);
        Replacement day = Replacement.afterHours(24);

        double three = RepairClosedForm.groupLoss(new Group(3), P, day, 365);
        double five = RepairClosedForm.groupLoss(new Group(5), P, day, 365);

        assertThat(three).isCloseTo(365 * 3 * lambda * 2 * lambda * day.days(), within(0.02 * three));
        assertThat(five).isCloseTo(365 * 5 * lambda * 4 * lambda * day.days() * 3 * lambda * day.days() / 2, within(0.02 * five));
    }

    @Test
    void the_matrix_exponential_keeps_the_digits_of_tiny_and_of_long_odds() {
        for (double t : new double[] {1e-12, 1e-3, 1, 1e3, 1e6, 1e12}) {
            double[][] decay = MatrixExponential.of(new double[][] {{-2, 2}, {0, 0}}, t);

            assertThat(decay[0][1]).as("t = %s", t).isCloseTo(-Math.expm1(-2 * t), within(1e-13 * -Math.expm1(-2 * t)));
            assertThat(decay[0][0] + decay[0][1]).isCloseTo(1, within(1e-13));
        }
    }

    @Test
    void the_integral_for_one_group_is_the_chains_exact_mean_and_for_lone_machines_one_over_n_lambda() {
        for (int size : RepairMath.SIZES) {
            for (Replacement policy : POLICIES) {
                double exact = new GroupChain(new Group(size), P, policy).meanDaysToLoss();

                assertThat(RepairClosedForm.meanDaysToFirstLoss(new Group(size), P, policy, 1))
                        .as("group of %d, %s", size, policy.label()).isCloseTo(exact, within(1e-6 * exact));
            }
        }
        // A group of one machine never replaced: the first of n machines dies after 1/(nλ) days.
        double lambda = GroupChain.failureRate(P);
        assertThat(RepairClosedForm.meanDaysToFirstLoss(new Group(1), P, Replacement.NEVER, 1_000))
                .isCloseTo(1 / (1_000 * lambda), within(1e-6 / lambda));
    }

    @Test
    void replacement_always_helps_and_a_sooner_one_helps_more() {
        double[] hours = {Double.POSITIVE_INFINITY, 168, 24, 6, 1, 0.1};
        for (int size : RepairMath.SIZES) {
            for (int fleet : new int[] {5, 1_000, 100_000}) {
                int groups = Math.max(1, new Group(size).groupsIn(fleet));
                double before = 1; // a certainty: any policy must do better
                double yearsBefore = 0;
                for (double h : hours) {
                    Replacement policy = Double.isInfinite(h) ? Replacement.NEVER : Replacement.afterHours(h);
                    double q = RepairClosedForm.groupLoss(new Group(size), P, policy, 365);
                    double years = RepairClosedForm.meanDaysToFirstLoss(new Group(size), P, policy, groups) / 365;

                    assertThat(q).as("groups of %d, %s", size, policy.label()).isLessThan(before);
                    assertThat(RepairClosedForm.someGroup(q, groups)).isLessThanOrEqualTo(RepairClosedForm.someGroup(before, groups));
                    assertThat(years).as("groups of %d in %d machines, %s", size, fleet, policy.label()).isGreaterThan(yearsBefore);
                    before = q;
                    yearsBefore = years;
                }
            }
        }
    }

    @Test
    void groups_of_five_beat_groups_of_three_on_the_same_machines() {
        List<Outcome> outcomes = RepairMath.outcomes(P, POLICIES, RepairMath.FLEETS, 2, 1, Simulation.Z_95);
        for (Outcome three : outcomes) {
            for (Outcome five : outcomes) {
                boolean sameBank = five.group().machines() == 5 && three.group().machines() == 3
                        && five.replacement().equals(three.replacement()) && five.machines() / 10 == three.machines() / 10
                        && five.groups() > 1;
                if (sameBank) { // 10 machines hold 3 groups of 3 or 2 of 5; 99,999 and 100,000 are the same fleet
                    assertThat(five.lossInAYear()).as("%d machines, %s", five.machines(), five.replacement().label())
                            .isLessThanOrEqualTo(three.lossInAYear());
                    assertThat(five.yearsToFirstLoss()).isGreaterThan(three.yearsToFirstLoss());
                }
            }
        }
        assertThat(RepairClosedForm.groupLoss(new Group(5), P, Replacement.NEVER, 365))
                .isLessThan(RepairClosedForm.groupLoss(new Group(3), P, Replacement.NEVER, 365));
    }

    @Test
    void more_machines_never_make_the_bank_safer() {
        List<Outcome> outcomes = RepairMath.outcomes(P, POLICIES, RepairMath.FLEETS, 2, 1, Simulation.Z_95);
        for (int i = 1; i < outcomes.size(); i++) {
            Outcome smaller = outcomes.get(i - 1);
            Outcome larger = outcomes.get(i);
            if (smaller.group().equals(larger.group()) && smaller.replacement().equals(larger.replacement())) {
                assertThat(larger.groups()).isGreaterThan(smaller.groups());
                assertThat(larger.lossInAYear()).isGreaterThanOrEqualTo(smaller.lossInAYear());
                assertThat(larger.yearsToFirstLoss()).isLessThan(smaller.yearsToFirstLoss());
            }
        }
        assertThat(RepairClosedForm.someGroup(1e-9, 1)).isCloseTo(1e-9, within(1e-24)); // log1p and expm1 keep the digits
    }

    @Test
    void the_table_shows_each_closed_form_beside_its_simulation() {
        List<Outcome> outcomes = RepairMath.outcomes(P, POLICIES, RepairMath.FLEETS, 200, 42, Simulation.Z_95);

        String table = RepairTable.of(outcomes, P, POLICIES, 200, 42);

        // The date and the machine are load.Measured's line, which RepairMath prints above the table.
        assertThat(table).startsWith("Each machine fails with p = 0.001 per day");
        assertThat(table).contains("seed 42, 200 simulated years", "closed form | simulated ± 95% CI",
                "never replaced", "replaced in 24 h", "replaced in 1 h");
        assertThat(table).containsPattern("(?m)^ +3 +999 +333 +1 \\| [0-9.]+ ± [0-9.]+ +0\\.515 \\| ");
        assertThat(table).containsPattern("(?m)^ +5 +100,000 +20,000 .* 0\\.195 \\| ");
        assertThat(table.lines().filter(line -> line.matches(" +[35] .*"))).hasSize(2 * (RepairMath.FLEETS.length + 1));
    }

    @Test
    void the_plot_draws_one_line_per_group_size_and_policy() {
        String svg = RepairPlot.svg(P, POLICIES);

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("groups of 5, replaced in 1 h", "10⁻");
        assertThat(svg.split("<polyline", -1)).hasSize(RepairMath.SIZES.length * POLICIES.size() + 1);
    }
}
