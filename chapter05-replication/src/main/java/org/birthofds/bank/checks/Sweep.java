package org.birthofds.bank.checks;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.birthofds.bank.replication.Rule;
import org.birthofds.bank.simulation.Options;
import org.birthofds.bank.simulation.Report;

/**
 * The seed sweep's runs, each through every checker: what the sweep test, the soak and the table
 * of broken rules share. A run that throws, in the simulator or in a checker, is a failure of its
 * seed like any other, and its report names the seed and the command that replays it.
 */
final class Sweep {
    private Sweep() {
    }

    /** The sweep's options for {@code seed}, with {@code rule} broken (null: Raft as it is). */
    static Options options(long seed, Rule rule) {
        Options options = Options.sweep(seed);
        return rule == null ? options : options.withConfig(options.config().without(rule));
    }

    /**
     * Which checker failed the report's run first: the first problem's kind ("Log Matching",
     * "bank", "linearizability", "stuck", "stopped early"...), for the table of broken rules.
     */
    static String caughtBy(String report) {
        String first = report.lines().filter(line -> line.startsWith("  - ")).findFirst().orElse("  - threw");
        String problem = first.substring(4);
        if (problem.startsWith("unsafe (Raft): ")) {
            return problem.substring("unsafe (Raft): ".length(), problem.indexOf(':', "unsafe (Raft): ".length()));
        }
        for (String kind : new String[] {"two-phase commit", "bank", "stuck", "stopped early", "Not linearizable"}) {
            if (problem.contains(kind)) {
                return kind.equals("Not linearizable") ? "Linearizability" : kind;
            }
        }
        return problem.length() > 40 ? problem.substring(0, 40) : problem;
    }

    /** Null if the seed's run passes every checker; else its report, with seed and replay. */
    static String failure(long seed, Options options, String replayAs) {
        try {
            Trial.Verdict verdict = Trial.run(seed, options, replayAs, true);
            return verdict.passed() ? null : verdict.report();
        } catch (RuntimeException | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return "Seed " + seed + " threw outside the simulator: " + trace + "Replay: " + Report.replay(replayAs, seed);
        }
    }
}
