package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.replication.Rule;

/**
 * The proof turned on itself: each of Raft's rules broken in turn, and the seed sweep run on the
 * broken replica. A rule is guarded only if some seed fails without it; this prints, for each, how
 * many of the sweep's seeds fail, in which scenarios, and the first of them, which replays the
 * failure. {@code BrokenRulesTest} proves the same in {@code mvn verify}, stopping at each rule's
 * first failing seed.
 *
 * <pre>mvn -q -pl chapter05-replication compile exec:java@rules [-Dexec.args="--seeds 1000 [RULE ...]"]</pre>
 */
public final class BrokenRules {
    private BrokenRules() {
    }

    public static void main(String[] args) {
        int seeds = 1000;
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seeds")) {
                seeds = Integer.parseInt(args[++i]);
            } else {
                rules.add(Rule.valueOf(args[i]));
            }
        }
        if (rules.isEmpty()) {
            rules = List.of(Rule.values());
        }
        System.out.println(Measured.header());
        System.out.printf("Each rule broken in turn, seeds 1-%d of the sweep:%n%n", seeds);
        System.out.println("| rule | broken: the replica instead... | seeds that fail | first | caught first by | scenarios |");
        System.out.println("|---|---|---|---|---|---|");
        for (Rule rule : rules) {
            long started = System.nanoTime();
            int failed = 0;
            long first = -1;
            Map<Schedule.Scenario, Integer> scenarios = new EnumMap<>(Schedule.Scenario.class);
            Map<String, Integer> caughtBy = new TreeMap<>();
            for (long seed = 1; seed <= seeds; seed++) {
                Sweep.Failure failure = Sweep.run(seed, Sweep.options(seed, rule), "BrokenRulesTest");
                if (failure != null) {
                    failed++;
                    first = first < 0 ? seed : first;
                    scenarios.merge(Schedule.scenarioOf(seed), 1, Integer::sum);
                    caughtBy.merge(failure.caughtBy(), 1, Integer::sum);
                }
            }
            System.out.printf("| %s | %s | %d of %d | %s | %s | %s |%n", rule, rule.broken(), failed, seeds,
                    first < 0 ? "none" : String.valueOf(first), caughtBy.isEmpty() ? "nothing" : caughtBy,
                    scenarios.isEmpty() ? "none" : scenarios);
            System.err.printf("%s: %.1f s%n", rule, (System.nanoTime() - started) / 1e9);
        }
    }
}
