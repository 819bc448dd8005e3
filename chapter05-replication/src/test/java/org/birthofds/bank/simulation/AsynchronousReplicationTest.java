package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.checks.RaftCheck;
import org.birthofds.bank.checks.History.Type;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Rule;
import org.junit.jupiter.api.Test;

/**
 * Failure-mode pair: acknowledging a write before a majority holds it. The leader, l1 and client c1
 * are cut off at 1000 ms and the leader crashes at 1140 ms, before the others can elect anyone.
 */
class AsynchronousReplicationTest {
    static final long SEED = Long.getLong("seed", 2); // -Dseed=N: the replay a report prints

    @Test
    void a_leader_that_acknowledges_from_its_own_log_loses_acknowledged_writes_when_it_crashes() {
        // 1. Committing without a majority, the cut-off leader acknowledges c1's writes from its own log alone.
        Trial.Verdict verdict = Trial.run(SEED, FailureScenarios.leaderCrashesWhileCutOff(Config.raft().without(Rule.MAJORITY_COMMIT)),
                getClass().getSimpleName());
        System.out.println(verdict.report());
        assertThat(Probe.completions(verdict.history(), "c1", Type.OK, 1000, 1140)).isNotEmpty();
        // 2. The checkers see it as it happens: it commits what only its own disk holds ...
        assertThat(verdict.raft()).anyMatch(v -> v.property() == RaftCheck.Property.MAJORITY_COMMIT
                && v.what().contains("held by 1 of its 3 voters"));
        //    ... and once it crashes, n2 and n3 elect a leader that never had them, whose log overwrites them.
        assertThat(verdict.raft()).anyMatch(v -> v.property() == RaftCheck.Property.LEADER_COMPLETENESS && v.what().startsWith("committed entry lost"));
        // 3. The bank's final read misses money the bank acknowledged: the bank check says so.
        assertThat(verdict.bank().passed()).isFalse();
        assertThat(verdict.bank().problems()).anyMatch(p -> p.contains("the final read-all"));
    }

    @Test
    void a_leader_that_acknowledges_only_after_a_majority_has_the_write_loses_nothing_in_the_same_crash() {
        // 1. The same seed and faults, with Raft's majority commit.
        Trial.Verdict verdict = Trial.run(SEED, FailureScenarios.leaderCrashesWhileCutOff(Config.raft()), getClass().getSimpleName());
        // 2. c1's writes to the cut-off leader got no acknowledgement: unknown, never ok.
        assertThat(Probe.completions(verdict.history(), "c1", Type.OK, 1010, 1140)).isEmpty();
        assertThat(Probe.completions(verdict.history(), "c1", Type.UNKNOWN, 1000, 1600)).isNotEmpty();
        // 3. Every checker passes: nothing acknowledged was lost.
        verdict.assertPassed();
    }
}
