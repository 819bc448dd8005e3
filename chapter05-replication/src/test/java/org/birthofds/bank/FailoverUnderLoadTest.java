package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.checks.BankLoad;
import org.birthofds.bank.checks.LoadPlan;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jepsen's bank test on the replicated bank, with machines dying under it: two shards, each a
 * group of three replica JVMs, two logic nodes, and one seeded load of transfers within and across
 * shards, deposits, withdrawals, single-balance reads and consistent reads of the whole bank, recorded as a
 * history. While it runs, shard-1's
 * leader is killed with SIGKILL and stays dead for a while, then comes back, and then every other
 * replica of shard-1 is killed and restarted in turn on its journal. The clients are careful: every
 * write has an Idempotency-Key, and one whose outcome is unknown is sent again under it. The history
 * must pass the part-1 checkers as if nothing had happened: the bank check (no acknowledged write
 * lost, none applied twice, every read's total true at one moment) and linearizability per account. Rerun a failure with {@code -Dseed=N}.
 */
class FailoverUnderLoadTest {
    private static final long SEED = Long.getLong("seed", System.nanoTime() % 100_000);

    @Test
    void a_dead_leader_and_a_restart_of_every_replica_under_load_lose_nothing_and_apply_nothing_twice(@TempDir Path data)
            throws Exception {
        System.out.println("FailoverUnderLoadTest seed " + SEED + " (rerun with -Dseed=" + SEED + ")");
        try (ChildGroups groups = ChildGroups.start(data, 2, "--recovery-ms", "200", "--in-doubt-ms", "500");
             LogicNode one = TestNodes.logic(groups.map(), "--node", "logic-1");
             LogicNode two = TestNodes.logic(groups.map(), "--node", "logic-2")) {
            String leader = groups.awaitLeader(1);
            List<String> others = new ArrayList<>(groups.replicasOf(1));
            others.remove(leader);
            // Careful clients (keyed writes, sent again under their key while unknown) run until stopped; the
            // faults strike between batches of answers, while the clients keep going.
            LoadPlan plan = LoadPlan.of("FailoverUnderLoadTest", List.of(one.url(), two.url()), accounts(groups.map()), SEED)
                    .withClients(4);
            try (BankLoad load = BankLoad.start(plan)) {
                load.awaitMore(20);
                // 1. SIGKILL shard-1's leader: the two left must elect another and go on
                load.mark("SIGKILL " + leader);
                groups.kill(leader);
                String next = groups.awaitLeader(1);
                assertThat(next).isNotEqualTo(leader);
                load.awaitMore(20);
                // 2. it comes back on its journal and catches up
                load.mark("restart " + leader);
                restart(groups, leader, false);
                // 3. every other replica, killed and restarted in turn, each once the last has caught up
                for (String replica : others) {
                    load.awaitMore(20);
                    load.mark("SIGKILL and restart " + replica);
                    restart(groups, replica, true);
                }
                load.awaitMore(20);
                // the history passes the bank check (nothing lost, nothing applied twice, every total in bounds)
                // and is linearizable account by account (no read missed a write acknowledged before it began)
                BankLoad.Outcome outcome = load.finish();
                System.out.println(outcome.report());
                outcome.assertPassed();
            }
        }
    }

    /** Waits until the restarted replica has caught up, so that the next kill still leaves a majority. */
    private static void restart(ChildGroups groups, String replica, boolean killFirst) throws InterruptedException {
        try {
            if (killFirst) {
                groups.kill(replica);
            }
            groups.start(replica);
        } catch (IOException e) {
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
                accounts.add(TestNodes.accountOn(map, shard, shard.substring("shard-".length()) + prefix));
            }
        }
        return accounts;
    }
}
