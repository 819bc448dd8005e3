package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every step of a cross-shard transfer is idempotent by transaction id: when a step's answer is
 * lost after the shard did the work, the coordinator sends the step again and nothing is applied
 * twice. And the Idempotency-Key, journaled with the prepare at the payer's shard, lets a repeat
 * on any logic node find the transaction: to repeat its answer, or to carry it on.
 */
class TwoPhaseStepsTest {

    @ParameterizedTest(name = "a lost answer to {0}")
    @ValueSource(strings = {"prepare", "intent", "commit", "resolve"})
    void a_lost_answer_to_any_step_is_repeated_and_applies_nothing_twice(String step) throws Exception {
        try (Tiers bank = Tiers.sharded(2, 1)) {
            String payer = TestNodes.accountOn(bank.map(), "shard-1", "payer");
            String payee = TestNodes.accountOn(bank.map(), "shard-2", "payee");
            ApiClient api = fund(bank, payer, payee);
            // 1. the shard that runs this step does it, journals it, and drops the connection before answering
            boolean atPayer = step.equals("prepare") || step.equals("commit");
            AtomicInteger seen = new AtomicInteger();
            bank.shard(atPayer ? "shard-1" : "shard-2").testHooks()
                    .loseAnswers(r -> r.startsWith(step + " ") && seen.getAndIncrement() == 0);
            // 2. the coordinator sends the step again, and the client hears 201
            ApiClient.Reply reply = api.transfer(payer, payee, 30, "pay-1");
            assertThat(seen.get()).as("the step was sent again").isEqualTo(2);
            assertThat(reply.status()).isEqualTo(201);
            // 3. the money moved once, and nothing is left in doubt
            assertThat(api.balanceOf(payer)).isEqualTo(70);
            assertThat(api.balanceOf(payee)).isEqualTo(30);
            assertThat(api.get("/accounts").body().path("total").asLong()).isEqualTo(100);
            assertThat(bank.shard("shard-1").pendingRecords()).isZero();
            assertThat(bank.shard("shard-2").pendingIntents()).isZero();
        }
    }

    @Test
    void a_keyed_repeat_on_another_logic_node_gets_the_first_answer_and_moves_nothing() throws Exception {
        try (Tiers bank = Tiers.sharded(2, 2)) {
            String payer = TestNodes.accountOn(bank.map(), "shard-1", "payer");
            String payee = TestNodes.accountOn(bank.map(), "shard-2", "payee");
            fund(bank, payer, payee);
            ApiClient first = new ApiClient(bank.logics().get(0).url());
            ApiClient second = new ApiClient(bank.logics().get(1).url());
            // 1. a keyed transfer through logic-1
            ApiClient.Reply done = first.transfer(payer, payee, 30, "pay-1");
            assertThat(done.status()).isEqualTo(201);
            // 2. the same request and key through logic-2: the same answer, the same transaction id
            ApiClient.Reply repeat = second.transfer(payer, payee, 30, "pay-1");
            assertThat(repeat.status()).isEqualTo(201);
            assertThat(repeat.body()).isEqualTo(done.body());
            assertThat(second.balanceOf(payer)).isEqualTo(70);
            // 3. a refusal under a key is an answer too, kept even after the payer can pay
            assertThat(first.transfer(payer, payee, 500, "pay-2").status()).isEqualTo(422);
            first.deposit(payer, 1000);
            assertThat(second.transfer(payer, payee, 500, "pay-2").error()).isEqualTo("insufficient_funds");
            // 4. the same key on another request is refused
            assertThat(second.transfer(payer, payee, 31, "pay-1").error()).isEqualTo("idempotency_key_reused");
            assertThat(second.balanceOf(payee)).isEqualTo(30);
        }
    }

    @Test
    void a_keyed_repeat_on_another_logic_node_carries_on_a_transfer_its_first_coordinator_left_pending() throws Exception {
        try (Tiers bank = Tiers.sharded(2, 2)) {
            String payer = TestNodes.accountOn(bank.map(), "shard-1", "payer");
            String payee = TestNodes.accountOn(bank.map(), "shard-2", "payee");
            fund(bank, payer, payee);
            // 1. logic-1 prepares and writes the intent, then fails before the decision
            bank.logics().get(0).coordinator().beforeDecision(tx -> {
                throw new IllegalStateException("logic-1 dies before deciding " + tx);
            });
            assertThat(new ApiClient(bank.logics().get(0).url()).transfer(payer, payee, 30, "pay-1").status()).isEqualTo(500);
            assertThat(bank.shard("shard-1").pendingRecords()).isOne();
            assertThat(bank.shard("shard-2").pendingIntents()).isOne();
            // 2. the client repeats on logic-2 with the same key: it finds the PENDING transaction and commits it
            ApiClient second = new ApiClient(bank.logics().get(1).url());
            ApiClient.Reply reply = second.transfer(payer, payee, 30, "pay-1");
            assertThat(reply.status()).isEqualTo(201);
            // 3. once: one transaction, one debit, one credit, nothing left in doubt
            assertThat(second.balanceOf(payer)).isEqualTo(70);
            assertThat(second.balanceOf(payee)).isEqualTo(30);
            await().atMost(Duration.ofSeconds(30)).until(() -> bank.shard("shard-1").pendingRecords() == 0
                    && bank.shard("shard-2").pendingIntents() == 0);
        }
    }

    @Test
    void a_refusal_at_the_payee_aborts_at_the_payer_and_releases_the_hold() throws Exception {
        try (Tiers bank = Tiers.sharded(2, 1)) {
            String payer = TestNodes.accountOn(bank.map(), "shard-1", "payer");
            String nobody = TestNodes.accountOn(bank.map(), "shard-2", "nobody");
            ApiClient api = new ApiClient(bank.url());
            api.open(payer);
            api.deposit(payer, 100);
            // 1. the payee does not exist: the intent is refused, and the coordinator aborts
            assertThat(api.transfer(payer, nobody, 100).error()).isEqualTo("account_not_found");
            // 2. the hold is gone: the payer can spend all of it again
            assertThat(bank.shard("shard-1").pendingRecords()).isZero();
            assertThat(api.withdraw(payer, 100).status()).isEqualTo(200);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ApiClient fund(Tiers bank, String payer, String payee) {
        ApiClient api = new ApiClient(bank.url());
        assertThat(api.open(payer).status()).isEqualTo(201);
        assertThat(api.open(payee).status()).isEqualTo(201);
        assertThat(api.deposit(payer, 100).status()).isEqualTo(200);
        return api;
    }
}
