package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.logic.LogicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chapter 2's restart scenarios, now that rules and data live in separate tiers. Deploying a
 * new rule restarts only the logic tier; the data tier keeps running. None of them bites now.
 */
class RestartTest {
    private static final int IN_FLIGHT = 3;

    @Test
    void a_logic_restart_to_deploy_answers_every_request_in_flight(@TempDir Path data) throws Exception {
        try (BankNode dataTier = TestNodes.durable(data, "--workers", "4")) {
            LogicNode logic = TestNodes.logic(dataTier.url());
            ApiClient api = new ApiClient(logic.url());
            api.open("alice");
            // 1. three deposits are in flight, each held inside the data tier
            Hold hold = Hold.onDataTier(dataTier, request -> request.startsWith("deposit alice "), IN_FLIGHT);
            List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                replies.add(api.postAsync("/accounts/alice/deposits", "{\"amount\":1}"));
            }
            hold.awaitHeld();
            // 2. the deploy stops the logic tier under them; a request that arrives meanwhile gets a quick 503
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(logic::close);
            ApiClient.Reply during = awaitDraining(api);
            assertThat(during.error()).isEqualTo("unavailable");
            assertThat(during.retryAfter()).isEqualTo("1");
            hold.release();
            stopped.get(30, TimeUnit.SECONDS);
            // 3. every request in flight was answered, and the data tier has them all
            for (CompletableFuture<ApiClient.Reply> reply : replies) {
                assertThat(reply.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            try (LogicNode restarted = TestNodes.logic(dataTier.url())) {
                assertThat(new ApiClient(restarted.url()).balanceOf("alice")).isEqualTo(IN_FLIGHT);
            }
        }
    }

    @Test
    void a_logic_restart_replays_nothing_and_the_data_tier_keeps_running(@TempDir Path data) throws Exception {
        try (BankNode dataTier = TestNodes.durable(data)) {
            // 1. fifty deposits and a transfer through the logic tier, then a clean stop, as a deploy does
            JsonNode before;
            try (LogicNode logic = TestNodes.logic(dataTier.url())) {
                before = fill(new ApiClient(logic.url()));
            }
            // 2. while no logic tier runs, the data tier still serves
            assertThat(new ApiClient(dataTier.url()).balanceOf("bob")).isEqualTo(100);
            // 3. the new logic tier serves at once: the data tier read its journal once, at its own start,
            //    and the logic tier has no journal to read
            try (LogicNode restarted = TestNodes.logic(dataTier.url())) {
                assertThat(new ApiClient(restarted.url()).everything()).isEqualTo(before);
            }
            assertThat(dataTier.replayed()).isZero();
            assertThat(dataTier.journal().writes()).isEqualTo(2 + 50 + 1);
        }
    }

    @Test
    void a_retry_with_the_same_key_after_a_logic_crash_applies_once() throws Exception {
        try (BankNode dataTier = TestNodes.memoryOnly()) {
            new ApiClient(dataTier.url()).withAlice100AndBob0();
            // 1. a keyed transfer reaches the data tier through a logic tier in its own JVM, and is held there
            try (ChildBank logic = ChildBank.start(LogicMain.class, "--data-url", dataTier.url())) {
                Hold hold = Hold.onDataTier(dataTier, request -> request.startsWith("transfer alice bob "), 1);
                CompletableFuture<ApiClient.Reply> transfer = new ApiClient(logic.url())
                        .postWithKeyAsync("/transfers", ApiClient.transferJson("alice", "bob", 30), "pay-bob-1");
                hold.awaitHeld();
                // 2. kill -9 the logic tier: the client hears nothing, and cannot know whether the transfer happened
                logic.kill();
                assertThatThrownBy(() -> transfer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
                hold.release();
            }
            // 3. a new logic tier, the same request and the same key: applied exactly once
            try (LogicNode restarted = TestNodes.logic(dataTier.url())) {
                ApiClient api = new ApiClient(restarted.url());
                assertThat(api.transfer("alice", "bob", 30, "pay-bob-1").status()).isEqualTo(201);
                assertThat(api.balanceOf("alice")).isEqualTo(70);
                assertThat(api.balanceOf("bob")).isEqualTo(30);
            }
        }
    }

    /** Reads until the stopping logic tier refuses one: it drains until the held requests let go. */
    private static ApiClient.Reply awaitDraining(ApiClient api) {
        AtomicReference<ApiClient.Reply> reply = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            reply.set(api.get("/health"));
            return reply.get().status() != 200;
        });
        assertThat(reply.get().status()).isEqualTo(503);
        return reply.get();
    }

    /** Opens alice and bob, makes 50 deposits and one transfer, and returns the state. */
    private static JsonNode fill(ApiClient api) {
        api.open("alice");
        api.open("bob");
        for (int i = 1; i <= 50; i++) {
            api.deposit("alice", i);
        }
        assertThat(api.transfer("alice", "bob", 100).body().path("transferId").asText()).isEqualTo("shard-1-t1");
        return api.everything();
    }
}
