package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.checks.RaftCheck;
import org.birthofds.bank.checks.History.Type;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Rule;
import org.birthofds.bank.replication.Role;
import org.junit.jupiter.api.Test;

/**
 * Failure-mode pair: leaders without terms. The leader, logic node l1 and client c1 are cut off
 * from 800 ms to 2000 ms; the other two replicas elect a new leader and go on with c2 and c3.
 */
class SplitBrainTest {
    static final long SEED = Long.getLong("seed", 2); // bites with exercise 5.1's pre-vote in place too; -Dseed=N replays

    @Test
    void without_terms_an_old_leader_keeps_leading_and_sends_entries_that_would_overwrite_committed_ones() {
        // 1. Without the rules of terms, the cut-off leader keeps taking c1's writes, and never steps down.
        Config noTerms = Config.raft().without(Rule.STEP_DOWN, Rule.APPEND_TERM_CHECK, Rule.PAST_TERM_REPLIES);
        Trial.Verdict verdict = Trial.run(SEED, FailureScenarios.leaderCutOffWithOneClient(noTerms), getClass().getSimpleName());
        System.out.println(verdict.report());
        assertThat(verdict.run().statuses().stream().filter(s -> s.role() == Role.LEADER)).hasSizeGreaterThan(1);
        // 2. Once healed, its entries reach the followers of the new leader, at indexes those have
        //    committed: two histories, split brain. Only the followers' last guard (replication.Admission,
        //    there against hostile messages) keeps them from overwriting, and no honest peer should ever meet it.
        assertThat(verdict.raft()).anyMatch(v -> v.property() == RaftCheck.Property.HONEST_PEERS
                && v.what().contains("refused AppendEntries[term=1") && v.what().contains("CUTS_COMMITTED"));
        assertThat(verdict.passed()).isFalse();
    }

    @Test
    void with_terms_the_old_leader_commits_nothing_while_cut_off_and_steps_down() {
        // 1. The same seed and faults, with Raft's terms.
        Trial.Verdict verdict = Trial.run(SEED, FailureScenarios.leaderCutOffWithOneClient(Config.raft()), getClass().getSimpleName());
        // 2. While cut off, the old leader acknowledged none of c1's operations.
        assertThat(Probe.completions(verdict.history(), "c1", Type.OK, 850, 2000)).isEmpty();
        // 3. At the end there is one leader, every checker passes.
        assertThat(verdict.run().statuses().stream().filter(s -> s.role() == Role.LEADER)).hasSize(1);
        verdict.assertPassed();
    }
}
