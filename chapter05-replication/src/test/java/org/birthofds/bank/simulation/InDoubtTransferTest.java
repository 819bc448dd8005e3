package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.birthofds.bank.checks.TwoPhaseCheck;
import org.birthofds.bank.checks.History.Type;
import org.junit.jupiter.api.Test;

/**
 * Failure-mode pair, the fixed side: a cross-shard transfer in doubt. In chapter 4, ShardDownTest
 * kills a shard between a transfer's intent and its decision, and the transfer waits in doubt,
 * the payer's money held, until that one machine restarts. Here the record and the intent are
 * entries in replicated logs: the crashed machines stay down until everything heals at 3000 ms,
 * and each transfer is settled, committed or aborted, once, well before.
 */
class InDoubtTransferTest {
    // The transfers struck carry no Idempotency-Key: no client repeat carries them on. -Dseed=N: the replay a report prints.
    static final long SEED = Long.getLong("seed", 1);
    static final long AT = 1000;
    static final long HEAL = 3000;

    @Test
    void a_transfer_whose_payer_leader_dies_right_after_its_record_is_prepared_still_commits_and_its_client_is_told_ok() {
        // 1. The payer group's leader crashes the moment it has prepared the next cross-shard record.
        Trial.Verdict verdict = run(Fault.crashPayerLeader(AT));
        String tx = Probe.transferStruck(verdict.run(), "crash ");
        TwoPhaseCheck.Story story = verdict.transfers().story(tx);
        System.out.println("seed " + SEED + ": " + story);
        // 2. The record was in the log of a majority: the new leader has it, and the coordinator,
        //    alive, carries the transfer to its decision there, then applies the credit.
        assertThat(story.decision).isEqualTo("COMMITTED");
        assertThat(story.settlement).isEqualTo("APPLIED");
        assertThat(story.settled).isLessThan(Math.min(HEAL, story.prepared + 1000)); // the dead leader still down
        // 3. Its client heard ok; and every checker passes.
        assertThat(Probe.outcomeOf(verdict.history(), tx)).isEqualTo(Type.OK);
        verdict.assertPassed();
    }

    @Test
    void a_transfer_whose_coordinator_and_payer_leader_both_die_is_aborted_by_a_recovery_pass_before_either_is_back() {
        // 1. The payer group's leader dies right after the record is prepared, and the coordinator
        //    right after the intent is written: nobody will send the decision.
        Trial.Verdict verdict = run(Fault.crashPayerLeader(AT), Fault.crashCoordinator(AT));
        String tx = Probe.transferStruck(verdict.run(), "crash l");
        assertThat(Probe.transferStruck(verdict.run(), "crash s")).isEqualTo(tx);
        TwoPhaseCheck.Story story = verdict.transfers().story(tx);
        System.out.println("seed " + SEED + ": " + story);
        // 2. The recovery pass of the payer group's new leader finds the record in doubt, aborts it
        //    through its log, and tells the payee to drop the intent: once in doubt for a second,
        //    settled within one more, while both dead machines are still down.
        assertThat(story.decision).isEqualTo("ABORTED");
        assertThat(story.settlement).isEqualTo("DROPPED");
        assertThat(story.decided).isGreaterThan(story.prepared + 1000);
        assertThat(story.settled).isLessThan(Math.min(HEAL, story.prepared + 2000));
        // 3. The client could not know (its logic node died): unknown, and the money never moved.
        assertThat(Probe.outcomeOf(verdict.history(), tx)).isEqualTo(Type.UNKNOWN);
        verdict.assertPassed();
    }

    @Test
    void a_coordinator_that_wakes_after_the_recovery_pass_aborted_its_transfer_has_its_late_commit_refused() {
        // 1. The next coordinator stalls 1500 ms between its intent and its decision.
        Trial.Verdict verdict = run(Fault.pauseCoordinator(AT, 1500));
        String tx = Probe.transferStruck(verdict.run(), "pause ");
        TwoPhaseCheck.Story story = verdict.transfers().story(tx);
        System.out.println("seed " + SEED + ": " + story);
        // 2. A recovery pass aborted it first; the late commit came after it in the payer's log, and
        //    was refused: decided once (the two-phase check would report a second decision).
        assertThat(story.decision).isEqualTo("ABORTED");
        assertThat(story.refusedDecisions).isPositive();
        assertThat(story.settlement).isEqualTo("DROPPED");
        assertThat(verdict.transfers().problems()).isEmpty();
        // 3. Its client timed out meanwhile: unknown; the money is where it was.
        assertThat(Probe.outcomeOf(verdict.history(), tx)).isEqualTo(Type.UNKNOWN);
        verdict.assertPassed();
    }

    private static Trial.Verdict run(Fault... faults) {
        Options options = Options.standard().withSchedule(Schedule.reliable(List.of(faults)));
        return Trial.run(SEED, options, InDoubtTransferTest.class.getSimpleName());
    }
}
