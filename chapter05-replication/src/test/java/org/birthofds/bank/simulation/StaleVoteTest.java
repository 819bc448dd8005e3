package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.checks.RaftCheck;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Rule;
import org.junit.jupiter.api.Test;

/**
 * Failure-mode pair: Raft's election restriction. s1n3 is cut off from 400 ms to 2200 ms,
 * missing the writes s1n1 and s1n2 commit, while its term climbs with every failed election. As it
 * comes back, the leader crashes: s1n3 and the one up-to-date replica race for the next term. (The
 * seed bites with exercise 5.1's pre-vote in place too, where s1n3's term has not climbed.)
 */
class StaleVoteTest {
    static final long SEED = Long.getLong("seed", 3); // -Dseed=N: the replay a report prints

    @Test
    void voting_for_a_candidate_with_a_stale_log_elects_a_leader_without_committed_entries() {
        // 1. Without the up-to-date check, s1n1 and s1n2 vote for s1n3 although its log misses committed entries.
        Trial.Verdict verdict = Trial.run(SEED, FailureScenarios.oneReplicaFallsBehind(Config.raft().without(Rule.UP_TO_DATE_VOTE)),
                getClass().getSimpleName());
        System.out.println(verdict.report());
        // 2. s1n3 leads without them, and its log overwrites them: Leader Completeness is broken.
        assertThat(verdict.raft()).anyMatch(v -> v.property() == RaftCheck.Property.LEADER_COMPLETENESS && v.what().contains("s1n3 became leader"));
        // 3. Its log would overwrite them on the followers that hold them; only their last guard
        //    (replication.Admission, there against hostile messages) refuses, which no honest peer should meet.
        assertThat(verdict.raft()).anyMatch(v -> v.property() == RaftCheck.Property.HONEST_PEERS
                && v.what().contains("CUTS_COMMITTED"));
        assertThat(verdict.passed()).isFalse();
    }

    @Test
    void voting_only_for_an_up_to_date_log_keeps_every_committed_entry() {
        // 1. The same seed and faults: s1n3 may stand, but cannot win without the committed entries.
        Trial.Verdict verdict = Trial.run(SEED, FailureScenarios.oneReplicaFallsBehind(Config.raft()), getClass().getSimpleName());
        // 2. Every checker passes.
        verdict.assertPassed();
    }
}
