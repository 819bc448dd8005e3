package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process that runs the rules also holds the only copy of the data. Deploying a new rule
 * means restarting that process. These bite here; chapter 3 puts rules and data in separate
 * tiers, and the same scenarios no longer bite.
 */
class RestartTest {
    private static final int IN_FLIGHT = 3;

    @Test
    void a_restart_to_deploy_fails_every_request_in_flight(@TempDir Path data) throws Exception {
        BankNode node = TestNodes.durable(data, "--workers", "4");
        ApiClient api = new ApiClient(node.url());
        api.open("alice");
        // 1. three deposits are in flight, each held on a worker
        Hold hold = Hold.onWorker(node.worker(), label -> label.startsWith("deposit"), IN_FLIGHT);
        List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            replies.add(api.postAsync("/accounts/alice/deposits", "{\"amount\":1}"));
        }
        hold.awaitHeld();
        // 2. the deploy stops the process under them
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> close(node));
        await().atMost(Duration.ofSeconds(30)).until(() -> replies.stream().allMatch(CompletableFuture::isDone));
        hold.release();
        stopped.get(30, TimeUnit.SECONDS);
        // 3. not one of them got an answer
        assertThat(replies).allMatch(CompletableFuture::isCompletedExceptionally);
        // 4. yet the workers finished them on the way down: the clients cannot tell what happened
        try (BankNode restarted = TestNodes.durable(data)) {
            assertThat(new ApiClient(restarted.url()).get("/accounts/alice").balance()).isEqualTo(IN_FLIGHT);
        }
    }

    @Test
    void a_restart_replays_the_whole_journal_before_it_serves(@TempDir Path data) throws Exception {
        // 1. fifty deposits and a transfer, then a clean stop, as a deploy does
        JsonNode before;
        try (BankNode node = TestNodes.durable(data)) {
            before = fill(new ApiClient(node.url()));
        }
        // 2. the new process reads and applies every record before it serves: 2 opens, 50 deposits, 1 transfer
        try (BankNode node = TestNodes.durable(data)) {
            assertThat(node.replayed()).isEqualTo(2 + 50 + 1);
            assertThat(new ApiClient(node.url()).everything()).isEqualTo(before);
        }
    }

    @Test
    void a_restart_after_a_crash_replays_every_record_in_the_journal(@TempDir Path data) throws Exception {
        // 1. fifty deposits and a transfer in a bank of its own, then kill -9
        JsonNode before;
        try (ChildBank bank = ChildBank.start("--data", data.toString())) {
            before = fill(new ApiClient(bank.url()));
        }
        // 2. the restart must read and apply every record before it serves: 2 opens, 50 deposits, 1 transfer
        try (ChildBank restarted = ChildBank.start("--data", data.toString())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> restarted.output().contains("records replayed"));
            assertThat(restarted.output()).contains((2 + 50 + 1) + " records replayed");
            assertThat(new ApiClient(restarted.url()).everything()).isEqualTo(before);
        }
    }

    /** Opens alice and bob, makes 50 deposits and one transfer, and returns the state. */
    private static JsonNode fill(ApiClient api) {
        api.open("alice");
        api.open("bob");
        for (int i = 1; i <= 50; i++) {
            api.deposit("alice", i);
        }
        assertThat(api.transfer("alice", "bob", 100).body().path("transferId").asText()).isEqualTo("t1");
        return api.everything();
    }

    private static void close(BankNode node) {
        try {
            node.close();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
