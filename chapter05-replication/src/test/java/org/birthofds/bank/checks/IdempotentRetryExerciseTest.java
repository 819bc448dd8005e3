package org.birthofds.bank.checks;

import org.birthofds.bank.simulation.Options;
import org.birthofds.bank.simulation.Schedule;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Exercise 5.3: a client whose write timed out cannot know whether it happened; if it resends,
 * the log may hold the same request twice, and every replica applies it twice, in agreement.
 * Raft replicates whatever it is given: exactly-once is the state machine's job. Make the ledger
 * remember, per client, the last request tag it applied and its answer (chapter 3's
 * Idempotency-Key, now inside the replicated state, so every replica agrees on it).
 */
class IdempotentRetryExerciseTest {
    static final long SEED = 1; // one whose lost answers make clients resend writes that had landed

    @Test
    @Disabled("Exercise 5.3: a resent write must apply once (dedupe by request tag in the ledger); solution in solutions/exercise-5.3")
    void a_write_resent_after_a_timeout_is_applied_once() {
        // 1. A lossy network: answers get lost, clients resend the same request under the same tag.
        Options options = Options.standard().withRetryUnknownWrites()
                .withSchedule(Schedule.reliable(List.of()).lossy(0.15, 0, 20));
        Trial.Verdict verdict = Trial.run(SEED, options, getClass().getSimpleName());
        System.out.println(verdict.report());
        // 2. Each acknowledged write shows once in the final balances: every checker passes.
        verdict.assertPassed();
    }
}
