package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A new failure at the tier boundary: the data tier stops answering (a long garbage-collection
 * pause, a full disk, a bug). A test pauses it with a fault hook, holding every request before
 * any work is done.
 */
class HungDataTierTest {

    @Test
    void without_timeouts_a_hung_data_tier_hangs_every_caller() throws Exception {
        try (Tiers bank = Tiers.memoryOnly("--timeout-ms", "0")) { // 0: the logic tier waits forever
            ApiClient api = new ApiClient(bank.url()).withAlice100AndBob0();
            // 1. pause the data tier, and send it a read, a deposit and a transfer through the logic tier
            Hold paused = Hold.onDataTier(bank.data(), request -> true, 3);
            List<CompletableFuture<ApiClient.Reply>> callers = List.of(
                    api.getAsync("/accounts/alice"),
                    api.postAsync("/accounts/bob/deposits", "{\"amount\":5}"),
                    api.postAsync("/transfers", ApiClient.transferJson("alice", "bob", 30)));
            try {
                paused.awaitHeld();
                // 2. every caller is still waiting, for twice the default timeout and more
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30))
                        .until(() -> callers.stream().noneMatch(CompletableFuture::isDone));
            } finally {
                paused.release();
            }
            // 3. they are answered only when the data tier is
            for (CompletableFuture<ApiClient.Reply> caller : callers) {
                assertThat(caller.get(30, TimeUnit.SECONDS).status()).isBetween(200, 201);
            }
        }
    }

    @Test
    void with_timeouts_a_hung_data_tier_becomes_a_quick_503_and_nothing_is_half_applied() throws Exception {
        try (Tiers bank = Tiers.memoryOnly("--timeout-ms", "1000")) {
            ApiClient data = new ApiClient(bank.data().url()).withAlice100AndBob0(); // straight to the data tier
            ApiClient api = new ApiClient(bank.url());
            // 1. pause the data tier with a keyed transfer inside it
            Hold paused = Hold.onDataTier(bank.data(), request -> request.startsWith("transfer alice bob "), 1);
            try {
                CompletableFuture<ApiClient.Reply> transfer =
                        api.postWithKeyAsync("/transfers", ApiClient.transferJson("alice", "bob", 30), "pay-bob-1");
                paused.awaitHeld();
                // 2. the caller gets 503 and Retry-After while the data tier is still hung
                ApiClient.Reply reply = transfer.get(30, TimeUnit.SECONDS);
                assertThat(reply.status()).isEqualTo(503);
                assertThat(reply.error()).isEqualTo("unavailable");
                assertThat(reply.retryAfter()).isEqualTo("1");
                assertThat(reply.body().path("message").asText()).contains("no answer within 1000 ms");
            } finally {
                paused.release();
            }
            // 3. the transfer may or may not have happened, but never half of it: one consistent listing
            JsonNode listing = data.everything();
            long alice = listing.path("accounts").get(0).path("balance").asLong();
            long bob = listing.path("accounts").get(1).path("balance").asLong();
            assertThat(List.of(alice, bob)).isIn(List.of(100L, 0L), List.of(70L, 30L));
            // 4. the retry with the same key settles it: applied exactly once
            assertThat(api.transfer("alice", "bob", 30, "pay-bob-1").status()).isEqualTo(201);
            assertThat(data.balanceOf("alice")).isEqualTo(70);
            assertThat(data.balanceOf("bob")).isEqualTo(30);
        }
    }

}
