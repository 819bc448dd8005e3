package org.birthofds.bank.simulation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two runs the simulator found once it ran the bank's own consistent read (soak seeds, no fault
 * needed): a read-all counted a transfer's committed credit, thawed, and only then applied it; a
 * withdrawal from the payee landed between the thaw and the credit, and a read of the payee in that
 * gap saw a balance no order of the operations explains. The read now applies the credits it
 * counted under its own freeze, before the thaw ({@code twophase.ConsistentRead}); these runs
 * replay that window and must pass every checker.
 */
class CreditUnderFreezeTest {
    @Test
    @Timeout(60)
    void a_credit_the_consistent_read_counted_is_applied_before_any_later_write_to_its_payee() {
        Long replay = Long.getLong("seed"); // -Dseed=N: the replay a report prints, that run alone
        for (long seed : replay != null ? new long[] {replay} : new long[] {519_472_336L, 519_471_904L}) {
            Trial.run(seed, Options.sweep(seed), getClass().getSimpleName()).assertPassed();
        }
    }
}
