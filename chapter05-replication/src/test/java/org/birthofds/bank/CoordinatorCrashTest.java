package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.tiers.TierProcess;
import org.birthofds.bank.twophase.Coordinator;
import org.junit.jupiter.api.Test;

/**
 * The coordinator of a cross-shard transfer, a logic node in its own JVM, is killed with SIGKILL
 * after both intents are durable and before the decision. Nobody will ever send the commit or the
 * abort. The shards settle it alone: the payer's recovery pass aborts its record, which it alone
 * may decide, and the payee's pass asks that record and drops its intent. Never both, never lost.
 */
class CoordinatorCrashTest {

    @Test
    void a_coordinator_killed_before_the_decision_leaves_nothing_the_shards_cannot_settle() throws Exception {
        try (Tiers bank = Tiers.sharded(2, 0, null, new String[] {"--recovery-ms", "200", "--in-doubt-ms", "1000"})) {
            String payer = TestNodes.accountOn(bank.map(), "shard-1", "payer");
            String payee = TestNodes.accountOn(bank.map(), "shard-2", "payee");
            // 1. a logic node in a child JVM, whose coordinator holds before the decision (a test-only property)
            List<String> command = new ArrayList<>(TierProcess.command(LogicMain.class,
                    List.of("--port", "0", "--shards", bank.map().inline(), "--node", "doomed")));
            command.add(1, "-D" + Coordinator.HOLD_BEFORE_DECISION + "=true");
            TierProcess doomed = TierProcess.start(command, line -> { });
            try {
                ApiClient api = new ApiClient(doomed.url());
                api.open(payer);
                api.open(payee);
                api.deposit(payer, 100);
                // 2. the transfer is prepared (30 held at the payer) and intended (at the payee), then the coordinator stops
                CompletableFuture<ApiClient.Reply> transfer = api.postAsync("/transfers", ApiClient.transferJson(payer, payee, 30));
                await().atMost(Duration.ofSeconds(30)).until(() -> doomed.output().contains(Coordinator.HOLDING_MARKER));
                assertThat(bank.shard("shard-1").pendingRecords()).isOne();
                assertThat(bank.shard("shard-2").pendingIntents()).isOne();
                // 3. kill -9: the client never hears, and no commit or abort will ever come from it
                doomed.kill();
                assertThatThrownBy(() -> transfer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            } finally {
                doomed.kill();
            }
            // 4. the recovery passes settle both sides: rolled back, no hold and no intent left
            await().atMost(Duration.ofSeconds(30)).until(() -> bank.shard("shard-1").pendingRecords() == 0
                    && bank.shard("shard-2").pendingIntents() == 0);
            try (LogicNode survivor = TestNodes.logic(bank.map())) {
                ApiClient api = new ApiClient(survivor.url());
                assertThat(api.balanceOf(payer)).isEqualTo(100);
                assertThat(api.balanceOf(payee)).isZero();
                assertThat(api.get("/accounts").body().path("total").asLong()).isEqualTo(100);
                // 5. and the payer can spend all of it: the hold is gone
                assertThat(api.withdraw(payer, 100).status()).isEqualTo(200);
            }
        }
    }
}
