package org.birthofds.bank.simulation;

import org.birthofds.bank.checks.Mark;
import java.util.List;
import org.birthofds.bank.replication.Status;

/**
 * What one simulated run left: the seed and schedule that replay it, each replica's status at
 * the end, the liveness verdict (null, or why the cluster was stuck after healing), what the code
 * under test threw if it threw (the run stops there), the figures
 * the chapter measures, the faults as marks on a timeline, and the event log if it was kept.
 */
public record Run(long seed, Options options, Schedule schedule, List<Status> statuses, String stuck, String error,
                  long healedAt, long recoveredAt, int elections, long messages, long committedWrites,
                  List<Long> electionDelays, List<Mark> marks, List<String> eventLog) {
    /** How a run stopped on purpose at the first violation of safety says so, in {@link #stuck}. */
    public static final String HALTED = "not run to the end";

    public boolean halted() {
        return stuck != null && stuck.startsWith(HALTED);
    }

    public boolean live() {
        return stuck == null && error == null;
    }
}
