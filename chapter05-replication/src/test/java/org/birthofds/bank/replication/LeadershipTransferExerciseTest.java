package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.replication.Effect.Answer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Exercise 5.7 (medium, about an hour): draining a machine before its maintenance should cost no
 * election timeout. Asked to hand over to a follower, a leader brings that follower's log level
 * with its own, then tells it to stand now (TimeoutNow), as a leader that removes itself already
 * does ({@link Membership#committed}). Scripted (see {@link Script}): no replica's timer ever fires.
 */
class LeadershipTransferExerciseTest {
    @Test
    @Disabled("Exercise 5.7: hand leadership to a lagging follower on request, with no election timeout; solution in solutions/exercise-5.7")
    void a_leader_asked_to_hand_over_brings_the_follower_level_and_it_leads_the_next_term_at_once() {
        Script script = new Script(Config.raft(), Ledger::new, "n1", "n2", "n3");
        // 1. n1 leads; n3 misses the last two writes, which n1 and n2 commit.
        script.timeOut("n1");
        script.quiet("n1", "n2", "n3");
        script.propose("n1", "alpha");
        script.quiet("n1", "n2", "n3");
        script.propose("n1", "bravo");
        script.drop("n1", "n3");
        script.propose("n1", "charlie");
        script.drop("n1", "n3");
        while (!script.inFlight("n1", "n2").isEmpty() || !script.inFlight("n2", "n1").isEmpty()) {
            if (!script.inFlight("n1", "n2").isEmpty()) {
                script.deliver("n1", "n2");
            }
            if (!script.inFlight("n2", "n1").isEmpty()) {
                script.deliver("n2", "n1");
            }
        }
        // 2. The operator asks n1 to hand over to n3, which is behind.
        long transfer = script.nextRequest();
        script.replica("n1").transferLeadership(transfer, "n3");
        script.settleNow("n1");
        script.quiet("n1", "n2", "n3");
        System.out.println(script.story());
        // 3. n3 leads term 2, no timer having fired anywhere, with every write n1 committed.
        assertThat(script.answer(transfer)).as(script.body(transfer)).isEqualTo(Answer.OK);
        assertThat(script.leaderOf(2)).isEqualTo("n3");
        assertThat(((Ledger) script.machine("n3")).applied()).contains("alpha", "bravo", "charlie");
        assertThat(script.problems()).isEmpty();
    }
}
