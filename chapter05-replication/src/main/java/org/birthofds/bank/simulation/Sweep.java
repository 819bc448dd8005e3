package org.birthofds.bank.simulation;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.birthofds.bank.replication.Rule;

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

    /** A seed's run that failed: its report, with seed and replay, and which checker caught it first. */
    record Failure(String report, String caughtBy) {
    }

    /** Null if the seed's run passes every checker. */
    static Failure run(long seed, Options options, String replayAs) {
        try {
            Trial.Verdict verdict = Trial.run(seed, options, replayAs, true);
            return verdict.passed() ? null : new Failure(verdict.report(), verdict.caughtBy());
        } catch (RuntimeException | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return new Failure("Seed " + seed + " threw outside the simulator: " + trace + "Replay: "
                    + Report.replay(replayAs, seed), "threw");
        }
    }

    /** Null if the seed's run passes every checker; else its report, with seed and replay. */
    static String failure(long seed, Options options, String replayAs) {
        Failure failure = run(seed, options, replayAs);
        return failure == null ? null : failure.report();
    }
}
