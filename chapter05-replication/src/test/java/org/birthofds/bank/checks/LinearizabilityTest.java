package org.birthofds.bank.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.birthofds.bank.checks.History.Call;
import org.birthofds.bank.checks.History.Op;
import org.junit.jupiter.api.Test;

/** The checker on histories written by hand, so each verdict is known in advance. */
class LinearizabilityTest {
    private long clock;
    private final History history = new History(() -> clock += 10);

    @Test
    void a_read_that_misses_a_deposit_acknowledged_before_it_began_is_not_linearizable_and_is_drawn() throws Exception {
        // 1. c1's deposit is acknowledged; then c2 reads the old balance.
        Call deposit = history.invoke("c1", Op.deposit("a", 10));
        history.ok(deposit);
        Call read = history.invoke("c2", Op.readOne("a"));
        history.okBalance(read, 0);
        // 2. No order explains it, and the timeline names both clients' lanes.
        Linearizability.Result result = check();
        assertThat(result.verdict()).isEqualTo(Linearizability.Verdict.NOT_LINEARIZABLE);
        assertThat(result.message()).contains("account a", "Timeline: ");
        assertThat(Files.readString(result.timeline())).contains("c1", "c2", "read-one(a) = 0", "crash n1");
    }

    @Test
    void a_read_overlapping_a_deposit_may_see_it_or_not() {
        // 1. Two reads overlap the deposit: one sees it, one does not.
        Call deposit = history.invoke("c1", Op.deposit("a", 10));
        Call before = history.invoke("c2", Op.readOne("a"));
        Call after = history.invoke("c3", Op.readOne("a"));
        history.okBalance(before, 0);
        history.okBalance(after, 10);
        history.ok(deposit);
        // 2. Linearizable: the deposit's point falls between the two reads.
        assertThat(check().verdict()).isEqualTo(Linearizability.Verdict.LINEARIZABLE);
    }

    @Test
    void an_unknown_deposit_may_happen_late_or_never_but_cannot_be_undone() {
        // 1. A deposit times out; a later read sees it: fine, it happened.
        Call deposit = history.invoke("c1", Op.deposit("a", 10));
        history.unknown(deposit);
        Call seen = history.invoke("c2", Op.readOne("a"));
        history.okBalance(seen, 10);
        assertThat(check().verdict()).isEqualTo(Linearizability.Verdict.LINEARIZABLE);
        // 2. A read after that one sees it gone: no order un-deposits money.
        Call gone = history.invoke("c2", Op.readOne("a"));
        history.okBalance(gone, 0);
        assertThat(check().verdict()).isEqualTo(Linearizability.Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void a_transfer_counts_on_both_accounts_and_a_withdrawal_never_overdraws() {
        // 1. A transfer is acknowledged; a read of the receiving account must see it.
        Call deposit = history.invoke("c1", Op.deposit("a", 50));
        history.ok(deposit);
        Call transfer = history.invoke("c1", Op.transfer("a", "b", 30));
        history.ok(transfer);
        Call all = history.invoke("c2", Op.readAll());
        history.ok(all, java.util.Map.of("a", 20L, "b", 30L));
        assertThat(check().verdict()).isEqualTo(Linearizability.Verdict.LINEARIZABLE);
        // 2. An acknowledged withdrawal of more than is there cannot be placed anywhere.
        Call withdraw = history.invoke("c3", Op.withdraw("b", 31));
        history.ok(withdraw);
        assertThat(check().verdict()).isEqualTo(Linearizability.Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void past_its_budget_the_checker_says_unknown_rather_than_pass() {
        // 1. Forty overlapping deposits and reads: a search far too big for no time at all.
        List<Call> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(history.invoke("c" + i, i % 2 == 0 ? Op.deposit("a", i + 1) : Op.readOne("a")));
        }
        calls.forEach(call -> {
            if (call.op().isRead()) {
                history.okBalance(call, 1);
            } else {
                history.ok(call);
            }
        });
        // 2. With a budget of zero, the verdict is unknown.
        assertThat(Linearizability.check(history, List.of(), "budget", 0).verdict()).isEqualTo(Linearizability.Verdict.UNKNOWN);
    }

    private Linearizability.Result check() {
        return Linearizability.check(history, List.of(new Mark(15, "crash n1")), "LinearizabilityTest", 2_000);
    }
}
