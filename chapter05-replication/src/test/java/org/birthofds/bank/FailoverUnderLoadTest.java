package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.checks.BankLoad;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jepsen's bank test on the replicated bank, with machines dying under it: two shards, each a
 * group of three replica JVMs, two logic nodes, and a seeded load of transfers within and across
 * shards, deposits, withdrawals and consistent reads, recorded as a history. A replica is killed
 * with SIGKILL in the middle of it, as a machine dies. The history must pass the part-1 checkers
 * as if nothing had happened: no acknowledged write lost, none applied twice, every read's total
 * true at one moment. Rerun a failure with {@code -Dseed=N}.
 */
class FailoverUnderLoadTest {
    private static final long SEED = Long.getLong("seed", System.nanoTime() % 100_000);
    private static final int CLIENTS = 4;
    private static final int OPS_EACH = 40;

    @Test
    void a_shard_leader_killed_under_load_loses_no_acknowledged_write_and_applies_none_twice(@TempDir Path data)
            throws Exception {
        System.out.println("FailoverUnderLoadTest seed " + SEED + " (rerun with -Dseed=" + SEED + ")");
        try (ChildGroups groups = ChildGroups.start(data, 2, "--recovery-ms", "200", "--in-doubt-ms", "500");
             LogicNode one = TestNodes.logic(groups.map(), "--node", "logic-1");
             LogicNode two = TestNodes.logic(groups.map(), "--node", "logic-2")) {
            String killed = groups.awaitLeader(1);
            // 1. halfway through the first client's operations, SIGKILL shard-1's leader; the others keep going
            BankLoad.Outcome outcome = BankLoad.run(List.of(one.url(), two.url()), accounts(groups.map()), SEED, CLIENTS,
                    OPS_EACH, (client, op) -> {
                        if (client == 0 && op == OPS_EACH / 2) {
                            groups.kill(killed);
                        }
                    });
            // 2. another replica of shard-1 leads now, and the dead one was never brought back
            assertThat(groups.awaitLeader(1)).isNotEqualTo(killed);
            assertThat(groups.replica(killed)).isNull();
            // 3. the history passes the bank check: nothing lost, nothing applied twice, every total in bounds
            System.out.println(outcome.report());
            BankLoad.assertPassed(outcome);
        }
    }

    @Test
    void every_replica_of_a_shard_restarted_in_turn_under_load_loses_nothing(@TempDir Path data) throws Exception {
        System.out.println("FailoverUnderLoadTest seed " + SEED + " (rerun with -Dseed=" + SEED + ")");
        try (ChildGroups groups = ChildGroups.start(data, 2, "--recovery-ms", "200", "--in-doubt-ms", "500");
             LogicNode one = TestNodes.logic(groups.map(), "--node", "logic-1");
             LogicNode two = TestNodes.logic(groups.map(), "--node", "logic-2")) {
            List<String> turns = new ArrayList<>(groups.replicasOf(1));
            // 1. at three points of the first client's operations, kill one replica of shard-1 (SIGKILL) and
            //    restart it on its journal; the next waits until it has caught up, so a majority is always there
            BankLoad.Outcome outcome = BankLoad.run(List.of(one.url(), two.url()), accounts(groups.map()), SEED, CLIENTS,
                    OPS_EACH, (client, op) -> {
                        if (client == 0 && op % 10 == 5 && !turns.isEmpty()) {
                            restart(groups, turns.remove(0));
                        }
                    });
            assertThat(turns).as("every replica of shard-1 was restarted").isEmpty();
            // 2. the history passes the bank check
            System.out.println(outcome.report());
            BankLoad.assertPassed(outcome);
        }
    }

    private static void restart(ChildGroups groups, String replica) throws InterruptedException {
        groups.kill(replica);
        try {
            groups.start(replica);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(replica + " did not restart", e);
        }
        long commit = groups.status(groups.awaitLeader(1)).path("commitIndex").asLong();
        await().atMost(ChildGroups.CEILING).until(() -> groups.status(replica).path("commitIndex").asLong() >= commit);
    }

    /** Eight accounts, four on each shard, so that half the transfers cross shards. */
    private static List<String> accounts(ShardMap map) {
        List<String> accounts = new ArrayList<>();
        for (String shard : List.of("shard-1", "shard-2")) {
            for (String prefix : List.of("a", "b", "c", "d")) {
                accounts.add(TestNodes.accountOn(map, shard, shard.substring(6) + prefix));
            }
        }
        return accounts;
    }
}
