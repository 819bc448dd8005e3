package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAILURE MODE (fixed in chapter 05): each shard is the only copy of its accounts. When one dies,
 * its accounts answer 503 until it is back, and a cross-shard transfer whose credit it holds
 * stays in doubt, the money held in its journal, not lost. Chapter 5 replicates each shard, so a
 * majority of its replicas goes on serving.
 */
class ShardDownTest {

    @Test
    void a_dead_shard_answers_503_and_keeps_its_transfer_in_doubt_until_it_restarts_on_its_data(@TempDir Path data)
            throws Exception {
        // 1. shard-1 in this JVM, shard-2 in a child JVM with a journal, and a logic node in front of both
        BankNode shard1 = TestNodes.shards(1, null, "--recovery-ms", "200", "--in-doubt-ms", "500").get(0);
        String[] shard2Flags = {"--shard-id", "shard-2", "--data", data.toString(), "--shards", "shard-1=" + shard1.url(),
                "--recovery-ms", "200", "--in-doubt-ms", "500"};
        ChildBank shard2 = ChildBank.start(shard2Flags);
        int shard2Port = URI.create(shard2.url()).getPort();
        ShardMap map = ShardMap.of(Map.of("shard-1", shard1.url(), "shard-2", shard2.url()));
        shard1.usePeers(map);
        String payer = TestNodes.accountOn(map, "shard-1", "payer");
        String payee = TestNodes.accountOn(map, "shard-2", "payee");
        try (LogicNode logic = TestNodes.logic(map)) {
            ApiClient api = new ApiClient(logic.url());
            api.open(payer);
            api.open(payee);
            api.deposit(payer, 100);
            // 2. shard-2 dies after the intent is durable, just before the decision: the payer commits,
            //    and the resolve finds no one to credit
            logic.coordinator().beforeDecision(tx -> {
                try {
                    shard2.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(api.transfer(payer, payee, 30).status()).isEqualTo(201);
            logic.coordinator().beforeDecision(tx -> { });
            // 3. the dead shard's accounts answer 503 with Retry-After, and so does the listing of the bank
            ApiClient.Reply down = api.get("/accounts/" + payee);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.retryAfter()).isEqualTo("1");
            assertThat(api.get("/accounts").status()).isEqualTo(503);
            // 4. the payer's side is decided (debited), the credit is in doubt: held in shard-2's journal, not lost
            assertThat(api.balanceOf(payer)).isEqualTo(70);
            // 5. shard-2 restarts on the same data and port: its recovery pass asks shard-1, and applies the credit
            ChildBank restarted = ChildBank.start(TestNodes.concat(shard2Flags, new String[] {"--port", String.valueOf(shard2Port)}));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/accounts/" + payee).balance() == 30);
                assertThat(api.get("/accounts").body().path("total").asLong()).isEqualTo(100);
            } finally {
                restarted.kill();
            }
        } finally {
            shard2.kill();
            shard1.close();
        }
    }
}
