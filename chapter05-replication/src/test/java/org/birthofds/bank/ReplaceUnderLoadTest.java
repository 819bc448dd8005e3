package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.checks.BankLoad;
import org.birthofds.bank.checks.LoadPlan;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jepsen's bank test across a replacement: two shards of three replica JVMs, two logic nodes and
 * careful clients (every write under an Idempotency-Key, sent again under it while unknown). While
 * the load runs, shard-1's s1r3 is SIGKILLed and its disk thrown away; a new machine, s1r4, joins
 * with an empty disk, catches up (from a snapshot, once the leader has taken one: the replicas
 * snapshot every 100 entries), is promoted, and s1r3 is removed; then s1r2, a second of the original three, is SIGKILLed. The logic
 * nodes were never told of s1r4: they find it, if it leads, by its group's not_leader answers. The
 * history must pass the bank check and be linearizable account by account. Rerun with {@code -Dseed=N}.
 */
class ReplaceUnderLoadTest {
    private static final long SEED = Long.getLong("seed", System.nanoTime() % 100_000);

    @Test
    void a_replica_replaced_under_load_and_a_second_one_killed_lose_nothing_and_apply_nothing_twice(@TempDir Path data)
            throws Exception {
        System.out.println("ReplaceUnderLoadTest seed " + SEED + " (rerun with -Dseed=" + SEED + ")");
        try (ChildGroups groups = ChildGroups.start(data, 2, "--recovery-ms", "200", "--in-doubt-ms", "500", "--admin",
                "--admin-token-file", TestSecret.adminTokenPath(), "--snapshot-every", "100");
             LogicNode one = TestNodes.logic(groups.map(), "--node", "logic-1");
             LogicNode two = TestNodes.logic(groups.map(), "--node", "logic-2")) {
            LoadPlan plan = LoadPlan.of("ReplaceUnderLoadTest", List.of(one.url(), two.url()), accounts(groups.map()), SEED)
                    .withClients(4);
            try (BankLoad load = BankLoad.start(plan)) {
                load.awaitMore(20);
                // 1. s1r3 dies for good, its disk with it.
                load.mark("SIGKILL s1r3, its disk thrown away");
                groups.killAndWipe("s1r3");
                load.awaitMore(20);
                // 2. s1r4 replaces it: joins empty, added, promoted once caught up, and s1r3 removed.
                load.mark("s1r4 joins, is promoted, s1r3 is removed");
                groups.join("s1r4", 1);
                groups.changeMembers("add-learner", "s1r4", groups.url("s1r4"));
                groups.changeMembers("promote", "s1r4", null);
                groups.changeMembers("remove", "s1r3", null);
                load.awaitMore(20);
                // 3. A second of the original three dies: s1r1 and s1r4 are two of three voters.
                load.mark("SIGKILL s1r2");
                groups.kill("s1r2");
                load.awaitMore(20);
                BankLoad.Outcome outcome = load.finish();
                System.out.println(outcome.report());
                outcome.assertPassed();
            }
            // 4. And shard-1 still serves: a new account on it opens, and takes a deposit, through a logic node.
            String probe = TestNodes.accountOn(groups.map(), "shard-1", "probe");
            try (HttpRemote bank = new HttpRemote("logic-1", URI.create(one.url()), 1000, 10_000)) {
                await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(200)).until(() ->
                        bank.call("POST", "/accounts", "{\"id\":\"" + probe + "\"}", "open-" + probe).status() == 201);
                assertThat(bank.call("POST", "/accounts/" + probe + "/deposits", "{\"amount\":7}", "deposit-" + probe)
                        .status()).isEqualTo(200);
            }
        }
    }

    /** Eight accounts, four on each shard, so that half the transfers cross shards. */
    private static List<String> accounts(ShardMap map) {
        List<String> accounts = new ArrayList<>();
        for (String shard : List.of("shard-1", "shard-2")) {
            for (String prefix : List.of("a", "b", "c", "d")) {
                accounts.add(TestNodes.accountOn(map, shard, shard.substring("shard-".length()) + prefix));
            }
        }
        return accounts;
    }
}
