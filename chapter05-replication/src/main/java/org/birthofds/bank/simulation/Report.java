package org.birthofds.bank.simulation;

import java.util.List;
import org.birthofds.bank.replication.Status;

/**
 * A failure report a reader can act on: which seed, which faults, where each replica ended,
 * what broke, and the one command that replays it exactly.
 */
public final class Report {
    private Report() {
    }

    public static String replay(String testClass, long seed) {
        return "mvn -q -pl chapter05-replication test -Dtest=" + testClass + " -Dseed=" + seed;
    }

    public static String of(Run run, String testClass, List<String> problems) {
        StringBuilder out = new StringBuilder();
        out.append("Seed ").append(run.seed()).append(" (flaws: ").append(run.options().config().flaws()).append(")\n");
        out.append("Schedule: ").append(run.schedule()).append('\n');
        out.append("Replicas at the end:\n");
        for (Status status : run.statuses()) {
            out.append("    ").append(status).append('\n');
        }
        out.append("Problems:\n");
        problems.forEach(problem -> out.append("  - ").append(problem.replace("\n", "\n    ")).append('\n'));
        out.append("Replay: ").append(replay(testClass, run.seed()));
        return out.toString();
    }
}
