package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.birthofds.bank.replication.Rule;
import org.junit.jupiter.api.Test;

/**
 * The sweep must be able to fail: each of Raft's rules broken in turn ({@link Rule}), and the seed
 * sweep's own seeds, in order, run on the broken replica until one fails. A rule that no seed of
 * the sweep catches is a rule the sweep does not guard. {@code exec:java@rules} prints how many
 * seeds catch each; this stops at the first. The rules are searched side by side, one per core.
 * -Drule=R [-Dseed=N] replays one rule (one run of it).
 */
class BrokenRulesTest {
    @Test
    void the_seed_sweep_fails_whichever_rule_of_raft_is_broken() {
        String only = System.getProperty("rule");
        List<Rule> rules = only == null ? List.of(Rule.values()) : List.of(Rule.valueOf(only));
        // 1. For each rule, the sweep's seeds in order, each run with the rule broken, until a checker catches one.
        Map<Rule, Caught> caught = new TreeMap<>(rules.parallelStream().collect(Collectors.toMap(r -> r, BrokenRulesTest::firstCaught)));
        caught.forEach((rule, c) -> System.out.printf("%-22s broken (%s): %s%n", rule, rule.broken(),
                c.failure() == null ? "no seed fails" : "seed " + c.seed() + " fails first:\n    "
                        + c.failure().lines().filter(l -> l.startsWith("  - ")).findFirst().orElse("").trim()));
        // 2. Every rule was caught within the sweep's seeds; a report and its replay command say how.
        List<Rule> missed = caught.entrySet().stream().filter(e -> e.getValue().failure() == null).map(Map.Entry::getKey).toList();
        assertThat(missed).as("rules whose breaking no seed of the sweep catches: %s",
                missed.stream().map(Rule::broken).toList()).isEmpty();
    }

    private record Caught(long seed, String failure) {
    }

    private static Caught firstCaught(Rule rule) {
        Long replay = Long.getLong("seed");
        long first = replay != null ? replay : 1;
        long last = replay != null ? replay : SeedSweepTest.RUNS;
        for (long seed = first; seed <= last; seed++) {
            String failure = Sweep.failure(seed, Sweep.options(seed, rule), "BrokenRulesTest -Drule=" + rule);
            if (failure != null) {
                return new Caught(seed, failure);
            }
        }
        return new Caught(-1, null);
    }
}
