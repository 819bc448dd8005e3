package org.birthofds.bank.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.birthofds.bank.Account;
import org.birthofds.bank.Bank;
import org.birthofds.bank.checks.FakeBank.Flaw;
import org.junit.jupiter.api.Test;

/**
 * A checker that never fails is worthless. So the load and its two checkers run against a front
 * door that breaks one promise at a time, and each broken promise must turn the verdict red; and
 * against an honest one that loses answers or freezes, which must not. Each flaw is made certain
 * (a deposit of the seed's load, the funding deposits every load makes, the final reads), never a
 * matter of timing. Rerun with {@code -Dseed=N}.
 */
class BankLoadTest {
    private static final long SEED = Long.getLong("seed", 1);
    private static final List<String> ACCOUNTS = List.of("a", "b", "c");
    private static final int OPS_EACH = 25;

    @Test
    void an_honest_front_door_that_loses_answers_passes_because_each_retry_carries_the_same_key() throws Exception {
        try (FakeBank bank = FakeBank.start(Flaw.NONE)) {
            // 1. the first try of every write is carried out and answered 503: the client cannot know it happened
            bank.loseAnswersTo("/deposits", "/withdrawals", "/transfers");
            // 2. four clients, 25 operations each
            BankLoad.Outcome outcome = BankLoad.run(plan(bank).withOpsEach(OPS_EACH));
            System.out.println(outcome.report());
            // 3. every write was tried again with its key and got the first answer: nothing unknown, nothing twice
            outcome.assertPassed();
            assertThat(outcome.counts().unknown()).isZero();
            assertThat(outcome.counts().retried()).isPositive();
            assertThat(bank.repeats()).as("one repeat per write, the funding deposits too")
                    .isEqualTo(outcome.counts().retried() + ACCOUNTS.size());
            assertThat(outcome.report()).contains("seed " + SEED, "Bank check passed", "Linearizable (3 accounts)");
        }
    }

    @Test
    void a_front_door_that_loses_an_acknowledged_deposit_fails_the_check() throws Exception {
        try (FakeBank bank = FakeBank.start(Flaw.LOSES_AN_ACKNOWLEDGED_DEPOSIT)) {
            // 1. once the load runs, the next deposit is acknowledged and never applied
            BankLoad.Pacing arm = (client, op) -> {
                if (client == 0 && op == 0) {
                    bank.armLostDeposit();
                }
            };
            BankLoad.Outcome outcome = BankLoad.run(plan(bank).withOpsEach(OPS_EACH).withPacing(arm));
            System.out.println(outcome.report());
            assertThat(bank.lost()).as("the seed's load makes deposits, so one is lost").hasSize(1);
            // 2. red: the final listing lacks it, and no order of the account's operations explains what they answered
            String account = bank.lost().get(0);
            assertThat(outcome.passed()).isFalse();
            assertThat(outcome.bankPassed()).isFalse();
            assertThat(outcome.linearizable()).isFalse();
            assertThat(outcome.report()).contains("seed " + SEED, "Account " + account + ": the final read-all",
                    "Not linearizable: account ");
        }
    }

    @Test
    void a_front_door_that_reads_from_a_stale_copy_is_not_linearizable_and_draws_its_timeline() throws Exception {
        try (FakeBank bank = FakeBank.start(Flaw.READS_A_STALE_COPY)) {
            // 1. GET /accounts/{id} answers from a copy one write behind; at the latest, the final reads show it
            BankLoad.Outcome outcome = BankLoad.run(plan(bank).withOpsEach(OPS_EACH));
            System.out.println(outcome.report());
            // 2. red, and the report points at the picture of it
            assertThat(outcome.passed()).isFalse();
            assertThat(outcome.linearizable()).isFalse();
            assertThat(outcome.report()).contains("seed " + SEED, "Not linearizable: account ",
                    "Timeline: " + outcome.timeline().toAbsolutePath());
            assertThat(Files.readString(outcome.timeline())).contains("not linearizable", "read-one(");
        }
    }

    @Test
    void a_front_door_that_applies_a_retried_deposit_twice_fails_the_check() throws Exception {
        try (FakeBank bank = FakeBank.start(Flaw.FORGETS_IDEMPOTENCY_KEYS)) {
            // 1. each deposit's first answer is lost, and its retry, under the same key, is applied again
            bank.loseAnswersTo("/deposits");
            BankLoad.Outcome outcome = BankLoad.run(plan(bank).withOpsEach(OPS_EACH));
            System.out.println(outcome.report());
            // 2. red: every account holds more than its acknowledged operations explain (its funding, twice, for a start)
            assertThat(outcome.passed()).isFalse();
            assertThat(outcome.bankPassed()).isFalse();
            assertThat(outcome.report()).contains("seed " + SEED, ": the final read-all");
        }
    }

    @Test
    void operations_a_freeze_leaves_unknown_may_land_after_the_thaw_and_both_checks_still_pass() throws Exception {
        try (FakeBank bank = FakeBank.start(Flaw.NONE);
             BankLoad load = BankLoad.start(plan(bank).withRetries(Duration.ofMillis(200), 3, Duration.ofMillis(600)))) {
            // 1. the load runs until told to stop
            load.awaitMore(20);
            // 2. the front door freezes, as under kill -STOP: it takes requests and answers none
            load.mark("freeze");
            bank.freeze();
            // 3. no client hangs: each gives up on its operation after 3 tries of 200 ms, and records it unknown
            await().atMost(Duration.ofSeconds(30)).until(() -> load.counts().unknown() >= 4);
            // 4. the thaw: the tries held meanwhile land late, and the load goes on
            load.mark("thaw");
            bank.thaw();
            load.awaitMore(20);
            // 5. green: an unknown write may take effect late, once; an unanswered read shows nothing
            BankLoad.Outcome outcome = load.finish();
            System.out.println(outcome.report());
            outcome.assertPassed();
            assertThat(outcome.counts().unknown()).isGreaterThanOrEqualTo(4);
            assertThat(outcome.report()).contains("freeze at", "thaw at");
        }
    }

    @Test
    void a_front_door_that_never_answers_again_ends_the_load_red_in_bounded_time() throws Exception {
        try (FakeBank bank = FakeBank.start(Flaw.NONE);
             BankLoad load = BankLoad.start(plan(bank).withRetries(Duration.ofMillis(200), 3, Duration.ofMillis(600))
                     .withSettle(Duration.ofSeconds(1)))) {
            // 1. the load runs, then the front door freezes for good
            load.awaitMore(20);
            bank.freeze();
            // 2. finish: each client ends its last operation unknown, and the final read-all gets no answer
            BankLoad.Outcome outcome = load.finish();
            System.out.println(outcome.report());
            // 3. red: nothing shows that the writes acknowledged since the last answered read-all were applied
            assertThat(outcome.passed()).isFalse();
            assertThat(outcome.bankPassed()).isFalse();
            assertThat(outcome.report()).contains("did not answer the final read-all within 1000 ms");
        }
    }

    private static LoadPlan plan(FakeBank bank) {
        return LoadPlan.of("BankLoadTest", List.of(bank.url()), ACCOUNTS, SEED);
    }
}
