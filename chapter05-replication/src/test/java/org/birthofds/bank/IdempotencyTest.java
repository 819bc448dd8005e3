package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.logic.LogicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's Idempotency-Key, from outside the front door: a repeat gets the first answer and changes nothing more. */
class IdempotencyTest {

    @Test
    void a_repeat_with_the_same_key_gets_the_first_answer_and_changes_nothing_more() throws Exception {
        try (Tiers bank = Tiers.memoryOnly()) {
            ApiClient api = new ApiClient(bank.url()).withAlice100AndBob0();
            ApiClient.Reply first = api.postWithKey("/accounts/alice/deposits", "{\"amount\":5}", "dep-1");
            api.deposit("alice", 1); // the balance moves on before the repeat
            ApiClient.Reply repeat = api.postWithKey("/accounts/alice/deposits", "{\"amount\":5}", "dep-1");
            assertThat(repeat.status()).isEqualTo(first.status()).isEqualTo(200);
            assertThat(repeat.body()).isEqualTo(first.body());
            assertThat(repeat.balance()).isEqualTo(105);
            assertThat(api.balanceOf("alice")).isEqualTo(106);
        }
    }

    @Test
    void a_refusal_under_a_key_is_the_answer_to_every_repeat() throws Exception {
        try (Tiers bank = Tiers.memoryOnly()) {
            ApiClient api = new ApiClient(bank.url()).withAlice100AndBob0();
            ApiClient.Reply refused = api.transfer("alice", "bob", 500, "big-1");
            assertThat(refused.error()).isEqualTo("insufficient_funds");
            api.deposit("alice", 1000); // now the funds are there, but the key already has its answer
            ApiClient.Reply repeat = api.transfer("alice", "bob", 500, "big-1");
            assertThat(repeat.status()).isEqualTo(422);
            assertThat(repeat.body()).isEqualTo(refused.body());
            assertThat(api.balanceOf("bob")).isZero();
        }
    }

    @Test
    void the_same_key_with_another_request_is_422_idempotency_key_reused() throws Exception {
        try (Tiers bank = Tiers.memoryOnly()) {
            ApiClient api = new ApiClient(bank.url()).withAlice100AndBob0();
            assertThat(api.transfer("alice", "bob", 10, "k").status()).isEqualTo(201);
            ApiClient.Reply reused = api.transfer("alice", "bob", 11, "k");
            assertThat(reused.status()).isEqualTo(422);
            assertThat(reused.error()).isEqualTo("idempotency_key_reused");
            assertThat(reused.body().path("message").asText()).contains("'k'", "transfer alice bob 10");
            assertThat(api.balanceOf("bob")).isEqualTo(10);
        }
    }

    @Test
    void a_key_that_is_not_1_to_64_printable_ascii_characters_is_400() throws Exception {
        try (Tiers bank = Tiers.memoryOnly()) {
            ApiClient api = new ApiClient(bank.url()).withAlice100AndBob0();
            for (String key : new String[] {"k".repeat(65), "tab\there"}) {
                ApiClient.Reply reply = api.postWithKey("/accounts/alice/deposits", "{\"amount\":5}", key);
                assertThat(reply.status()).as(key).isEqualTo(400);
                assertThat(reply.body().path("message").asText()).contains("Idempotency-Key");
            }
            assertThat(api.balanceOf("alice")).isEqualTo(100);
        }
    }

    @Test
    void keys_and_their_answers_survive_a_restart_of_the_data_tier(@TempDir Path data) throws Exception {
        ApiClient.Reply moved;
        ApiClient.Reply refused;
        try (Tiers bank = Tiers.durable(data)) {
            ApiClient api = new ApiClient(bank.url()).withAlice100AndBob0();
            moved = api.transfer("alice", "bob", 30, "pay bob, 1st"); // spaces and punctuation are fine
            refused = api.transfer("alice", "bob", 500, "too much");
        }
        try (Tiers bank = Tiers.durable(data)) {
            ApiClient api = new ApiClient(bank.url());
            assertThat(api.transfer("alice", "bob", 30, "pay bob, 1st").body()).isEqualTo(moved.body());
            assertThat(api.transfer("alice", "bob", 500, "too much").body()).isEqualTo(refused.body());
            assertThat(api.balanceOf("alice")).isEqualTo(70);
            assertThat(bank.data().replayed()).isEqualTo(2 + 1 + 1 + 1); // opens, deposit, transfer, refusal
        }
    }

    @Test
    void when_the_data_tier_is_down_the_api_answers_503_with_retry_after() throws Exception {
        BankNode data = TestNodes.memoryOnly();
        try (LogicNode logic = TestNodes.logic(data.url())) {
            data.close();
            ApiClient.Reply reply = new ApiClient(logic.url()).get("/accounts");
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.error()).isEqualTo("unavailable");
            assertThat(reply.retryAfter()).isEqualTo("1");
            assertThat(reply.body().path("message").asText()).contains("data tier", "connection refused");
        }
    }
}
