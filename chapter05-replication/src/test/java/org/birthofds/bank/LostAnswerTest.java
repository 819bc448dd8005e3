package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A new failure at the tier boundary: the data tier applies a transfer, and its answer is lost
 * on the way back. The caller hears 503, which the API says may or may not have happened, and
 * does what 503 invites: it retries.
 */
class LostAnswerTest {

    @Test
    void a_lost_answer_and_a_retry_without_a_key_move_the_money_twice() throws Exception {
        try (Tiers bank = Tiers.memoryOnly()) {
            ApiClient api = new ApiClient(bank.url()).withAlice100AndBob0();
            // 1. the data tier moves 30 and journals it, then the connection drops before it answers
            loseTheFirstAnswerTo(bank.data(), "transfer alice bob 30");
            ApiClient.Reply first = api.transfer("alice", "bob", 30);
            assertThat(first.status()).isEqualTo(503);
            assertThat(first.error()).isEqualTo("unavailable");
            assertThat(first.retryAfter()).isNotNull();
            // 2. the client retries the same transfer, with nothing to say it is the same
            assertThat(api.transfer("alice", "bob", 30).status()).isEqualTo(201);
            // 3. it was applied twice: alice paid 60 for one transfer of 30
            assertThat(api.balanceOf("alice")).isEqualTo(40);
            assertThat(api.balanceOf("bob")).isEqualTo(60);
        }
    }

    @Test
    void a_lost_answer_and_a_retry_with_the_same_key_move_the_money_once() throws Exception {
        try (Tiers bank = Tiers.memoryOnly()) {
            ApiClient api = new ApiClient(bank.url()).withAlice100AndBob0();
            // 1. the same lost answer, but the request carries an Idempotency-Key, so the logic tier
            //    may safely send it again itself: the retry gets the first answer, which was lost
            loseTheFirstAnswerTo(bank.data(), "transfer alice bob 30");
            ApiClient.Reply reply = api.transfer("alice", "bob", 30, "pay-bob-1");
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.body().path("transferId").asText()).isEqualTo("shard-1-t1");
            // 2. the client's own repeats get that same answer again
            assertThat(api.transfer("alice", "bob", 30, "pay-bob-1").body()).isEqualTo(reply.body());
            // 3. the money moved once
            assertThat(api.balanceOf("alice")).isEqualTo(70);
            assertThat(api.balanceOf("bob")).isEqualTo(30);
        }
    }

    private static void loseTheFirstAnswerTo(BankNode data, String request) {
        AtomicInteger seen = new AtomicInteger();
        data.testHooks().loseAnswers(r -> r.equals(request) && seen.getAndIncrement() == 0);
    }
}
