package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Liveness apart from safety: a cluster that does not recover in time is "stuck", never "unsafe". */
class LivenessTest {
    static final long SEED = Long.getLong("seed", 4); // -Dseed=N: the replay a report prints

    @Test
    void a_cluster_given_less_time_than_an_election_takes_is_reported_stuck_not_unsafe() {
        // 1. The leader crashes just before the load ends; healing restarts it as a follower,
        //    and the cluster gets 100 virtual ms to recover, less than any election timeout.
        Options options = Options.standard().withLiveness(100)
                .withSchedule(Schedule.reliable(List.of(Fault.crashLeader(2990, "s1"))));
        Trial.Verdict verdict = Trial.run(SEED, options, getClass().getSimpleName());
        // 2. Stuck, and said so; nothing unsafe happened.
        assertThat(verdict.live()).isFalse();
        assertThat(verdict.safe()).isTrue();
        assertThat(verdict.report()).contains("stuck: 100 virtual ms after every fault healed").doesNotContain("unsafe");
    }

    @Test
    void the_same_cluster_elects_a_leader_and_completes_writes_within_the_bound() {
        // 1. The same crash, with the standard five virtual seconds to recover.
        Trial.Verdict verdict = Trial.run(SEED, Options.standard()
                .withSchedule(Schedule.reliable(List.of(Fault.crashLeader(2990, "s1")))), getClass().getSimpleName());
        // 2. A new leader, a write and a read-all through, well within the bound.
        verdict.assertPassed();
        assertThat(verdict.run().recoveredAt() - verdict.run().healedAt()).isLessThan(2000);
    }
}
