package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chapter 4's dead shard, fixed. There (its ShardDownTest, in its words "each shard is the only copy
 * of its accounts"), the payee's shard died between the intent and the decision: its accounts
 * answered 503 and the credit stayed in doubt until the same machine came back. Here every shard is
 * a group of three replica JVMs, and the machine that dies is the payee group's leader: the two left
 * elect another, the logic node follows it, and nothing waits for the dead machine.
 */
class ShardDownTest {

    @Test
    void a_dead_shard_leader_is_replaced_and_its_accounts_and_transfer_do_not_wait_for_it(@TempDir Path data)
            throws Exception {
        // 1. shard-1 and shard-2, each three replica JVMs with journals, and a logic node in front of both
        try (ChildGroups groups = ChildGroups.start(data, 2, "--recovery-ms", "200", "--in-doubt-ms", "500");
             LogicNode logic = TestNodes.logic(groups.map())) {
            ShardMap map = groups.map();
            String payer = TestNodes.accountOn(map, "shard-1", "payer");
            String payee = TestNodes.accountOn(map, "shard-2", "payee");
            ApiClient api = new ApiClient(logic.url());
            api.open(payer);
            api.open(payee);
            api.deposit(payer, 100);
            // 2. shard-2's leader dies after the intent is durable, just before the decision (SIGKILL, its JVM)
            String dead = groups.awaitLeader(2);
            logic.coordinator().beforeDecision(tx -> {
                try {
                    groups.kill(dead);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(api.transfer(payer, payee, 30).status()).isEqualTo(201);
            logic.coordinator().beforeDecision(tx -> { });
            // 3. a new leader of shard-2 took over: the credit is applied, and the payee answers at once
            assertThat(groups.awaitLeader(2)).isNotEqualTo(dead);
            ApiClient.Reply payeeNow = api.get("/accounts/" + payee);
            assertThat(payeeNow.status()).isEqualTo(200);
            assertThat(payeeNow.balance()).isEqualTo(30);
            // 4. the payer is debited, and the bank's listing answers, one moment, nothing in doubt, no restart
            assertThat(api.balanceOf(payer)).isEqualTo(70);
            ApiClient.Reply all = api.get("/accounts");
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.body().path("total").asLong()).isEqualTo(100);
            assertThat(groups.replica(dead)).as("the dead leader stays dead").isNull();
        }
    }
}
