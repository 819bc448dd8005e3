package org.birthofds.bank.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.replication.Rule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sweep must be able to fail: each of Raft's rules broken in turn ({@link Rule}), and the seed
 * sweep's own seeds, in order, run on the broken replica until one fails. A rule that no seed of
 * the sweep catches is a rule the sweep does not guard. {@code exec:java@rules} prints how many
 * seeds catch each; this stops at the first. -Drule=R -Dseed=N replays one run of one rule.
 */
class BrokenRulesTest {
    @ParameterizedTest
    @EnumSource(Rule.class)
    void the_seed_sweep_fails_when_a_rule_of_raft_is_broken(Rule rule) {
        String only = System.getProperty("rule");
        if (only != null && !only.equals(rule.name())) {
            return;
        }
        Long replay = Long.getLong("seed");
        long first = replay != null ? replay : 1;
        long last = replay != null ? replay : SeedSweepTest.RUNS;
        // 1. The sweep's seeds in order, each run with the rule broken, until a checker catches one.
        String failure = null;
        long seed = first;
        for (; seed <= last && failure == null; seed++) {
            failure = Sweep.failure(seed, Sweep.options(seed, rule), "BrokenRulesTest -Drule=" + rule);
        }
        // 2. One did, within the sweep's seeds: print its report, replay command included.
        assertThat(failure).as("no seed of %d-%d fails with %s broken: %s", first, last, rule, rule.broken()).isNotNull();
        System.out.printf("%s broken (%s): seed %d fails first%n%s%n%n", rule, rule.broken(), seed - 1,
                failure.lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse(""));
    }
}
