package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.rebalance.AddShard;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two hard edges of moving an account: a logic node that never got the new shard map must
 * not write to the copy left behind, and an account that a cross-shard transfer holds money on
 * moves only once that transfer has settled. Both on durable shards, so the moved marks are
 * read back from the journals after a restart.
 */
class MovedAccountTest {
    private static final String JSON = "application/json";

    @TempDir
    Path data;

    @Test
    void a_logic_node_that_missed_the_new_map_is_refused_with_503_and_never_writes_to_the_old_copy() throws Exception {
        String mover;
        String oldHome;
        try (Tiers bank = Tiers.sharded(2, 2, data, new String[] {"--admin"}, "--admin");
             BankNode third = TestNodes.durable(data.resolve("shard-3"), "--shard-id", "shard-3", "--admin")) {
            ShardMap before = bank.map();
            ShardMap after = AddShardTest.withShard(before, "shard-3", third.url());
            List<String> two = AddShardTest.accounts(before, after, 1, 1);
            mover = two.get(0);
            String stayer = two.get(1);
            oldHome = before.shardFor(mover);
            LogicNode updated = bank.logics().get(0);
            LogicNode missed = bank.logics().get(1);
            // 1. two accounts with 100 each; the mover's ring position moves to shard-3, the stayer's does not
            for (String id : two) {
                assertThat(post(updated, "/accounts", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
                assertThat(post(updated, "/accounts/" + id + "/deposits", "{\"amount\":100}").status()).isEqualTo(200);
            }
            // 2. shard-3 is added; only logic-1 is told the new map (logic-2 was, say, restarting)
            try (AddShard add = new AddShard(before, after, List.of(URI.create(updated.url())), 2, TestSecret.operator())) {
                assertThat(add.run().moved()).extracting(m -> m.accountId()).containsExactly(mover);
            }
            // 3. logic-2 routes the mover to its old shard, which refuses: 503, Retry-After, account_moved
            TestCluster.Answer deposit = post(missed, "/accounts/" + mover + "/deposits", "{\"amount\":5}");
            assertThat(deposit.status()).isEqualTo(503);
            assertThat(deposit.retryAfter()).isEqualTo("1");
            assertThat(deposit.body()).contains("account_moved", "shard-3");
            assertThat(TestCluster.get(missed.url() + "/accounts/" + mover).status()).isEqualTo(503);
            String newcomer = TestNodes.accountOn(after, "shard-3", "new");
            TestCluster.Answer open = post(missed, "/accounts", "{\"id\":\"" + newcomer + "\"}");
            assertThat(open.status()).isEqualTo(503);
            assertThat(open.body()).contains("wrong_shard");
            // its consistent read cannot see shard-3, so it says so instead of answering a short total
            TestCluster.Answer listing = TestCluster.get(missed.url() + "/accounts");
            assertThat(listing.status()).isEqualTo(503);
            assertThat(listing.body()).contains("shard map");
            // and if the new map reaches it while its read holds the old shards frozen, the read still says so
            String lastOld = List.copyOf(before.urls().keySet()).get(before.urls().size() - 1);
            String map = Bodies.write(new Bodies.ShardList(after.inline()));
            missed.snapshot().betweenShardReads(shard -> {
                if (shard.equals(lastOld)) {
                    assertThat(TestCluster.postAsOperator(missed.url() + "/admin/shard-map", map).status()).isEqualTo(200);
                }
            });
            assertThat(TestCluster.get(missed.url() + "/accounts").status()).isEqualTo(503);
            missed.snapshot().betweenShardReads(shard -> { });
            // 4. the stayer is served by both; the mover by logic-1 alone, with its balance, the 5 never applied
            assertThat(post(missed, "/accounts/" + stayer + "/deposits", "{\"amount\":1}").status()).isEqualTo(200);
            assertThat(TestCluster.get(updated.url() + "/accounts/" + mover).body()).contains("\"balance\":100");
            assertThat(post(updated, "/accounts/" + mover + "/deposits", "{\"amount\":7}").body()).contains("\"balance\":107");
            assertThat(TestCluster.get(updated.url() + "/accounts").body()).contains("\"total\":208");
        }
        // 5. restarted from their journals, the old shard still points to shard-3 and shard-3 still has the money
        try (BankNode oldAgain = TestNodes.durable(data.resolve(oldHome), "--shard-id", oldHome);
             BankNode thirdAgain = TestNodes.durable(data.resolve("shard-3"), "--shard-id", "shard-3")) {
            TestCluster.Answer stale = TestCluster.get(oldAgain.url() + "/accounts/" + mover);
            assertThat(stale.status()).isEqualTo(503);
            assertThat(stale.body()).contains("account_moved");
            assertThat(TestCluster.get(thirdAgain.url() + "/accounts/" + mover).body()).contains("\"balance\":107");
        }
    }

    @Test
    void an_account_that_a_cross_shard_transfer_holds_money_on_moves_only_after_the_transfer_settles() throws Exception {
        String[] shardFlags = {"--admin", "--in-doubt-ms", "600000"}; // no recovery pass may settle it behind the test's back
        try (Tiers bank = Tiers.sharded(2, 1, data, shardFlags, "--admin");
             BankNode third = TestNodes.durable(data.resolve("shard-3"), "--shard-id", "shard-3", "--admin")) {
            ShardMap before = bank.map();
            ShardMap after = AddShardTest.withShard(before, "shard-3", third.url());
            String payer = AddShardTest.accounts(before, after, 1, 0).get(0);
            String otherShard = before.shardFor(payer).equals("shard-1") ? "shard-2" : "shard-1";
            String payee = TestNodes.accountOn(before, otherShard, "payee");
            LogicNode logic = bank.logic();
            // 1. payer (moving to shard-3) has 100; payee stays, on the other old shard: the transfer crosses shards
            for (String id : List.of(payer, payee)) {
                assertThat(post(logic, "/accounts", "{\"id\":\"" + id + "\"}").status()).isEqualTo(201);
            }
            assertThat(post(logic, "/accounts/" + payer + "/deposits", "{\"amount\":100}").status()).isEqualTo(200);
            // 2. a transfer of 30 is prepared (30 held on the payer) and its coordinator stops before the decision
            CountDownLatch prepared = new CountDownLatch(1);
            CountDownLatch decide = new CountDownLatch(1);
            logic.coordinator().beforeDecision(tx -> {
                prepared.countDown();
                await().atMost(Duration.ofSeconds(40)).until(() -> decide.getCount() == 0);
            });
            CompletableFuture<TestCluster.Answer> transfer = CompletableFuture.supplyAsync(() -> post(logic, "/transfers",
                    "{\"from\":\"" + payer + "\",\"to\":\"" + payee + "\",\"amount\":30}"));
            assertThat(prepared.await(30, TimeUnit.SECONDS)).isTrue();
            // 3. the addition starts: the payer is fenced (leaving), but cannot be exported while 30 is held on it
            CompletableFuture<AddShard.Report> addition = CompletableFuture.supplyAsync(() -> {
                try (AddShard add = new AddShard(before, after, List.of(URI.create(logic.url())), 1, TestSecret.operator())) {
                    return add.run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            String oldHome = bank.shard(before.shardFor(payer)).url();
            await().atMost(Duration.ofSeconds(30)).until(() -> AddShardTest.field(oldHome, "leaving").contains(payer));
            assertThat(AddShardTest.field(oldHome, "moved")).isEmpty();
            assertThat(AddShardTest.field(third.url(), "imported")).isEmpty();
            TestCluster.Answer fenced = post(logic, "/accounts/" + payer + "/withdrawals", "{\"amount\":1}");
            assertThat(fenced.status()).isEqualTo(503);
            assertThat(fenced.body()).contains("account_moving");
            assertThat(addition).isNotDone();
            // 4. the coordinator decides: the commit passes the fence (it settles, it starts nothing), and the move follows
            decide.countDown();
            assertThat(transfer.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
            AddShard.Report report = addition.get(40, TimeUnit.SECONDS);
            assertThat(report.moved()).extracting(m -> m.accountId()).containsExactly(payer);
            // 5. the payer arrived on shard-3 with the debit in it, and the bank still holds 100
            assertThat(TestCluster.get(third.url() + "/accounts/" + payer).body()).contains("\"balance\":70");
            assertThat(TestCluster.get(logic.url() + "/accounts/" + payee).body()).contains("\"balance\":30");
            assertThat(TestCluster.get(logic.url() + "/accounts").body()).contains("\"total\":100");
        }
    }

    private static TestCluster.Answer post(LogicNode node, String path, String json) {
        return TestCluster.post(node.url() + path, json, null);
    }
}
