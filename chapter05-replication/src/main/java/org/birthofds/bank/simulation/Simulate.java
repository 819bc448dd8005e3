package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.birthofds.bank.checks.History;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Rule;

/**
 * Part 1's main: one seeded run of the replicated, sharded bank in the simulator, through every
 * checker. With no flaw it passes; with one of Raft's rules taken out ({@code --flaw}) and the
 * scripted faults that make that rule matter, a checker catches it and the report says how to
 * replay it; {@code --fixed} runs the same faults on the same seed with the rule kept, the other
 * side of the pair. A seed is a run: the same arguments print the same story on any machine.
 *
 * <pre>mvn -q -pl chapter05-replication compile exec:java@simulate [-Dexec.args="--seed 3 --flaw async-replication [--fixed]"]</pre>
 */
public final class Simulate {
    /**
     * A rule removed, and the faults (from the failure-mode tests) under which its absence shows;
     * {@code seed} is one the test's checker catches it on, and the test's own default seed.
     */
    private record Flaw(Function<Config, Config> apply, Function<Config, Options> scenario, long seed, String test) {
    }

    private static final Map<String, Flaw> FLAWS = Map.of(
            "async-replication", new Flaw(c -> c.without(Rule.MAJORITY_COMMIT), FailureScenarios::leaderCrashesWhileCutOff,
                    2, "AsynchronousReplicationTest"),
            "no-terms", new Flaw(c -> c.without(Rule.STEP_DOWN, Rule.APPEND_TERM_CHECK, Rule.PAST_TERM_REPLIES),
                    FailureScenarios::leaderCutOffWithOneClient, 2, "SplitBrainTest"),
            "stale-reads", new Flaw(c -> c.without(Rule.READ_HEARTBEAT), FailureScenarios::leaderCutOffWithOneClient, 208,
                    "StaleReadTest"),
            "vote-for-stale-log", new Flaw(c -> c.without(Rule.UP_TO_DATE_VOTE), FailureScenarios::oneReplicaFallsBehind, 3,
                    "StaleVoteTest"));

    private Simulate() {
    }

    public static void main(String[] args) {
        long seed = -1;
        String flaw = null;
        Rule broken = null;
        boolean events = false;
        boolean fixed = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--flaw" -> flaw = value(args, ++i);
                case "--fixed" -> fixed = true;
                case "--break" -> broken = rule(value(args, ++i));
                case "--events" -> events = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (flaw != null && !FLAWS.containsKey(flaw)) {
            usage("unknown flaw " + flaw);
        }
        if (fixed && flaw == null) {
            // Without a flaw there is no scripted scenario to keep: the seed alone draws the sweep's faults.
            usage("--fixed goes with --flaw: the flaw's faults and seed, with the rule kept");
        }
        Options options;
        String label;
        if (broken != null) {
            seed = seed < 0 ? firstCaught(broken) : seed;
            options = Sweep.options(seed, broken);
            label = "BrokenRulesTest -Drule=" + broken;
            System.out.printf("With %s broken (%s): seed %d of the sweep.%n", broken, broken.broken(), seed);
        } else if (flaw == null) {
            seed = seed < 0 ? 1 : seed;
            options = Options.sweep(seed);
            label = "SeedSweepTest";
        } else {
            // The flaw's scripted faults on its seed, with the rule taken out or (--fixed) kept: without
            // --flaw the seed draws the sweep's faults instead, another scenario altogether. Its test
            // runs both sides of the pair, so its replay holds either.
            Flaw chosen = FLAWS.get(flaw);
            seed = seed < 0 ? chosen.seed() : seed;
            options = chosen.scenario().apply(fixed ? Config.raft() : chosen.apply().apply(Config.raft()));
            label = chosen.test();
            if (fixed) {
                System.out.printf("The faults of flaw %s on seed %d, with the rule kept.%n", flaw, seed);
            }
        }
        if (events) {
            options = options.withEventLog();
        }
        Trial.Verdict verdict = Trial.run(seed, options, label, broken != null);
        if (events) {
            verdict.run().eventLog().forEach(System.out::println);
        }
        System.out.printf("Simulated %d shard group(s) of %d replicas behind %d logic nodes, %d clients, %d virtual ms of"
                        + " load (seed %d, faults: %s).%n", options.shards(), options.replicas(), options.logicNodes(),
                options.clients(), options.loadMillis(), seed, verdict.run().schedule().scenario());
        System.out.printf("%d operations recorded, %d elections, %d replica messages, %d committed entries.%n",
                verdict.history().events().stream().filter(e -> e.type() == History.Type.INVOKE).count(), verdict.run().elections(), verdict.run().messages(),
                verdict.run().committedWrites());
        System.out.println(verdict.passed()
                ? "Every checker passed: one leader per term, no committed entry lost, the bank check, linearizability"
                        + " per account, and every shard live again once the faults healed."
                : "A checker failed:\n" + verdict.report());
        System.out.println(tips(flaw, fixed, seed));
    }

    /** The first of the sweep's seeds that fails with {@code rule} broken, as BrokenRulesTest finds it. */
    private static long firstCaught(Rule rule) {
        for (long seed = 1; seed <= 1000; seed++) {
            if (Sweep.failure(seed, Sweep.options(seed, rule), "BrokenRulesTest") != null) {
                return seed;
            }
        }
        return 1;
    }

    private static Rule rule(String name) {
        try {
            return Rule.valueOf(name);
        } catch (IllegalArgumentException e) {
            usage("unknown rule " + name + "; one of " + java.util.Arrays.toString(Rule.values()));
            return null;
        }
    }

    private static String tips(String flaw, boolean fixed, long seed) {
        String run = "mvn -q -pl chapter05-replication compile exec:java@simulate -Dexec.args=";
        List<String> lines = new ArrayList<>(List.of("", "Try:"));
        if (flaw != null) { // the other side of this run's pair, on its seed
            lines.add("  " + run + "\"--flaw " + flaw + " --seed " + seed + (fixed ? "\"   the same faults and seed, the rule taken out"
                    : " --fixed\"   the same faults and seed, the rule kept"));
        }
        lines.addAll(List.of(
                "  " + run + "\"--seed 7\"                      another seed: other faults, same verdict",
                "  " + run + "\"--flaw async-replication\"      acknowledge before a majority has it: a write is lost",
                "  " + run + "\"--flaw no-terms\"               no terms: an old leader's writes split the brain",
                "  " + run + "\"--flaw stale-reads\"            a deposed leader answers a read: not linearizable",
                "  " + run + "\"--flaw vote-for-stale-log\"     vote for a shorter log: a committed entry is lost",
                "  " + run + "\"--break OWN_TERM_COMMIT\"       any rule of Raft broken (see replication.Rule):"
                        + " the first seed of the sweep that catches it",
                "  add --events to print every message, timer and fault of the run",
                "  mvn -q -pl chapter05-replication compile exec:java@soak -Dexec.args=\"--seconds 60\"   seeds until told to stop"));
        if (flaw != null && !fixed) {
            lines.add("  A failing run's HTML timeline is in chapter05-replication/target/linearizability/.");
        }
        return String.join("\n", lines);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nUsage: Simulate [--seed N] [--flaw " + String.join("|", FLAWS.keySet())
                + " [--fixed] | --break RULE] [--events]");
        System.exit(2);
    }
}
