package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarting costs a replay of the whole journal; a checkpoint saves that work. */
class CheckpointTest {

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

    @Test
    @Disabled("Exercise 1.1: write a checkpoint of the balances on a clean stop, so the next start replays nothing")
    void a_restart_after_a_clean_stop_replays_nothing_and_keeps_every_balance(@TempDir Path data) throws Exception {
        // 1. fifty deposits and a transfer, then a clean stop
        JsonNode before = fillAndStop(data);
        // 2. the next start takes the balances from the checkpoint, not from the journal
        try (BankNode node = TestNodes.durable(data)) {
            assertThat(node.replayed()).isZero();
            ApiClient api = new ApiClient(node.url());
            assertThat(api.everything()).isEqualTo(before);
            // 3. the transfer count survived too: the next transfer gets a new id
            assertThat(api.transfer("alice", "bob", 1).body().path("transferId").asText()).isEqualTo("t2");
        }
        // 4. a write after the checkpoint is replayed on top of it
        try (BankNode node = TestNodes.durable(data)) {
            assertThat(new ApiClient(node.url()).get("/accounts/bob").balance()).isEqualTo(before.path("accounts").get(1)
                    .path("balance").asLong() + 1);
        }
    }

    /** Fills a bank in this JVM, stops it cleanly, and returns its state. */
    private static JsonNode fillAndStop(Path data) throws Exception {
        try (BankNode node = TestNodes.durable(data)) {
            return fill(new ApiClient(node.url()));
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
}
