package org.birthofds.bank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shard group's state machine, entry by entry: chapter 4's two-phase commit and freeze as log entries. */
class LedgerTest {
    private final Ledger payer = new Ledger(List.of("a", "b"));
    private final Ledger payee = new Ledger(List.of("c"));

    @Test
    void a_prepared_record_holds_the_funds_and_only_its_commit_debits_them() {
        // 1. a holds 100; a transfer of 70 to c in s2 is prepared: PENDING, and a still shows 100.
        assertThat(payer.apply("c1#1 10 deposit a 100")).isEqualTo("ok 100");
        assertThat(payer.apply("x-c1-2 20 prepare a c s2 70")).isEqualTo("PENDING");
        assertThat(payer.read("balance a")).isEqualTo("a=100");
        // 2. The held 70 cannot be spent meanwhile, by a withdrawal or a same-group transfer.
        assertThat(payer.apply("c2#1 21 withdraw a 40")).isEqualTo("refused insufficient_funds");
        assertThat(payer.apply("c2#2 22 transfer a b 40")).isEqualTo("refused insufficient_funds");
        // 3. THE decision debits; repeats of every step answer the record as it is, and move nothing twice.
        assertThat(payer.apply("x-c1-2 30 commit")).isEqualTo("COMMITTED");
        assertThat(payer.apply("x-c1-2 31 commit")).isEqualTo("COMMITTED");
        assertThat(payer.apply("x-c1-2 32 prepare a c s2 70")).isEqualTo("COMMITTED");
        assertThat(payer.read("balance a")).isEqualTo("a=30");
        assertThat(payer.read("tx x-c1-2")).isEqualTo("COMMITTED");
    }

    @Test
    void a_late_commit_and_a_recovery_abort_are_ordered_by_the_log_and_never_both_win() {
        // 1. Two records, both PENDING.
        payer.apply("c1#1 10 deposit a 100");
        payer.apply("x-1 20 prepare a c s2 30");
        payer.apply("x-2 21 prepare a c s2 30");
        // 2. x-1: the commit is first in the log, so the recovery pass's abort is refused.
        assertThat(payer.apply("x-1 30 commit")).isEqualTo("COMMITTED");
        assertThat(payer.apply("x-1 1100 abort")).isEqualTo("refused committed");
        // 3. x-2: the abort is first, so the late commit is refused, and the hold is released.
        assertThat(payer.apply("x-2 1100 abort")).isEqualTo("ABORTED");
        assertThat(payer.apply("x-2 1200 commit")).isEqualTo("refused aborted");
        assertThat(payer.read("balance a")).isEqualTo("a=70");
        assertThat(payer.apply("c2#1 1300 withdraw a 70")).isEqualTo("ok 0");
        // 4. An abort of a record never prepared leaves a tombstone: a prepare still on its way cannot start it.
        assertThat(payer.apply("x-3 1400 abort")).isEqualTo("ABORTED");
        payer.apply("c1#2 1410 deposit a 50");
        assertThat(payer.apply("x-3 1420 prepare a c s2 10")).isEqualTo("ABORTED");
        assertThat(payer.read("balance a")).isEqualTo("a=50");
    }

    @Test
    void an_intent_moves_nothing_until_applied_and_a_drop_before_it_keeps_it_from_ever_pending() {
        // 1. The intent is PENDING; c has nothing yet; repeats change nothing.
        assertThat(payee.apply("x-1 20 intent c 30 s1")).isEqualTo("PENDING");
        assertThat(payee.apply("x-1 21 intent c 30 s1")).isEqualTo("PENDING");
        assertThat(payee.read("balance c")).isEqualTo("c=0");
        // 2. Applied once, however often it is sent; then it cannot be dropped.
        assertThat(payee.apply("x-1 30 apply")).isEqualTo("APPLIED");
        assertThat(payee.apply("x-1 31 apply")).isEqualTo("APPLIED");
        assertThat(payee.apply("x-1 32 drop")).isEqualTo("refused applied");
        assertThat(payee.read("balance c")).isEqualTo("c=30");
        // 3. A drop that overtakes its intent: the late intent finds it DROPPED, and nothing can apply it.
        assertThat(payee.apply("x-2 40 drop")).isEqualTo("DROPPED");
        assertThat(payee.apply("x-2 41 intent c 30 s1")).isEqualTo("DROPPED");
        assertThat(payee.apply("x-2 42 apply")).isEqualTo("refused dropped");
        assertThat(payee.read("balance c")).isEqualTo("c=30");
    }

    @Test
    void a_recovery_pass_is_told_only_what_has_been_pending_longer_than_it_asks() {
        // 1. A record prepared at 100 and one at 900; an intent written at 150.
        payer.apply("c1#1 10 deposit a 100");
        payer.apply("x-1 100 prepare a c s2 10");
        payer.apply("x-2 900 prepare a c s2 10");
        payee.apply("x-1 150 intent c 10 s1");
        // 2. Asked at 1200 with an in-doubt time of 1000: only x-1, on both sides.
        assertThat(payer.read("doubt 200")).isEqualTo("record:x-1:s2");
        assertThat(payee.read("doubt 200")).isEqualTo("intent:x-1:s1");
        // 3. Once settled, nothing is in doubt, and nothing is unsettled.
        payer.apply("x-1 1200 abort");
        payer.apply("x-2 1200 commit");
        payee.apply("x-1 1210 drop");
        assertThat(payer.read("doubt 5000")).isEmpty();
        assertThat(payer.unsettled() + payee.unsettled()).isZero();
    }

    @Test
    void a_freeze_stops_every_write_but_its_readers_own_until_its_thaw_or_its_lease() {
        // 1. c has a PENDING intent; a freeze until 600 answers the balances and that intent.
        payee.apply("c1#1 10 deposit c 5");
        payee.apply("x-1 20 intent c 30 s1");
        assertThat(payee.apply("f-l1-1-1 100 freeze 600")).isEqualTo("frozen c=5 | x-1:c:30:s1");
        // 2. Writes and other freezes are refused; the reader's own apply goes through.
        assertThat(payee.apply("c1#2 200 deposit c 1")).isEqualTo(Freezes.FROZEN);
        assertThat(payee.apply("f-l2-1-1 210 freeze 710")).isEqualTo(Freezes.FROZEN);
        assertThat(payee.apply("x-1 220 apply")).isEqualTo(Freezes.FROZEN);
        assertThat(payee.apply("x-1 230 apply f-l1-1-1")).isEqualTo("APPLIED");
        // 3. Its thaw says it held; a retry of that freeze cannot come back; writes go on.
        assertThat(payee.apply("f-l1-1-1 300 thaw")).isEqualTo("thawed");
        assertThat(payee.apply("f-l1-1-1 301 thaw")).isEqualTo("thawed");
        assertThat(payee.apply("f-l1-1-1 302 freeze 802")).isEqualTo("refused thawed");
        assertThat(payee.apply("c1#2 310 deposit c 1")).isEqualTo("ok 36");
        // 4. A reader that never thaws: the first write sent after its lease lapses it, and its thaw says so.
        payee.apply("f-l3-1-1 400 freeze 900");
        assertThat(payee.apply("c1#3 899 deposit c 1")).isEqualTo(Freezes.FROZEN);
        assertThat(payee.apply("c1#3 900 deposit c 1")).isEqualTo("ok 37");
        assertThat(payee.apply("f-l3-1-1 950 thaw")).isEqualTo("lapsed");
    }
}
