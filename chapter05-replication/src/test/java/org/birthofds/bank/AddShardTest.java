package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.birthofds.bank.checks.BankLoad;
import org.birthofds.bank.checks.LoadPlan;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.rebalance.AddShard;
import org.birthofds.bank.shard.Move;
import org.birthofds.bank.shard.Ring;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a fourth shard while a seeded load runs (Jepsen's bank check, as in AtomicityTest): no
 * acknowledged write is lost or applied twice, no read-all shows a wrong total, and exactly the
 * accounts whose ring position moves were copied, all to the new shard; the others were not
 * touched. Rerun a failure with {@code -Dseed=N}.
 */
class AddShardTest {
    private static final long SEED = Long.getLong("seed", System.nanoTime() % 100_000);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final int OPS_EACH = 30;

    @TempDir
    Path data;

    @Test
    void a_shard_added_under_load_moves_exactly_the_accounts_the_ring_moves_and_loses_no_acknowledged_write()
            throws Exception {
        System.out.println("AddShardTest seed " + SEED + " (rerun with -Dseed=" + SEED + ")");
        try (Tiers bank = Tiers.sharded(3, 2, data, new String[] {"--admin"}, "--admin");
             BankNode fourth = TestNodes.durable(data.resolve("shard-4"), "--shard-id", "shard-4", "--admin")) {
            ShardMap before = bank.map();
            ShardMap after = withShard(before, "shard-4", fourth.url());
            // 1. twelve accounts: the first three that the new ring moves to shard-4, and nine it leaves in place
            List<Move> ringMoves = new ArrayList<>();
            List<String> accounts = accounts(before, after, 3, 9);
            ringMoves.addAll(Ring.moves(Ring.of(before.urls().keySet()), Ring.of(after.urls().keySet()), accounts));
            assertThat(ringMoves).hasSize(3).allSatisfy(m -> assertThat(m.to()).isEqualTo("shard-4"));
            List<String> urls = bank.logics().stream().map(LogicNode::url).toList();
            List<URI> logicUris = urls.stream().map(URI::create).toList();

            // 2. the load: four clients, thirty operations each; a third of the way in, the shard is added; after
            //    its first account has moved, the addition waits for more of the load; every client waits, two
            //    thirds of the way in, for the addition to end, so that the load runs before, during and after it
            AtomicInteger started = new AtomicInteger();
            CountDownLatch added = new CountDownLatch(1);
            CompletableFuture<AddShard.Report> addition = new CompletableFuture<>();
            int startAt = CLIENTS * OPS_EACH / 3;
            BankLoad.Pacing pacing = (client, op) -> {
                if (started.incrementAndGet() == startAt) {
                    CompletableFuture.runAsync(() -> addShard(before, after, logicUris, started, startAt, addition));
                }
                if (op == 2 * OPS_EACH / 3 && !added.await(40, TimeUnit.SECONDS)) {
                    throw new AssertionError("the addition did not end");
                }
            };
            addition.whenComplete((report, failure) -> added.countDown());
            BankLoad.Outcome outcome = BankLoad.run(LoadPlan.of("AddShardTest", urls, accounts, SEED).withClients(CLIENTS)
                    .withOpsEach(OPS_EACH).withPacing(pacing));
            AddShard.Report report = addition.get(40, TimeUnit.SECONDS);
            System.out.println(report.summary());

            // 3. the bank check passes: every total right, none negative, every acknowledged write applied once (per
            //    account linearizability is only reported: AtomicityTest says why this cluster can fail it)
            System.out.println(outcome.report());
            assertThat(outcome.bankPassed()).as(outcome.report()).isTrue();

            // 4. exactly the ring's moves were moved, all to shard-4, and the rest were not copied
            Set<String> moving = ringMoves.stream().map(Move::accountId).collect(Collectors.toCollection(TreeSet::new));
            assertThat(report.moved()).containsExactlyInAnyOrderElementsOf(ringMoves);
            assertThat(ids(fourth.url())).isEqualTo(moving);
            assertThat(field(fourth.url(), "imported")).isEqualTo(moving);
            Set<String> movedAway = new TreeSet<>();
            for (BankNode shard : bank.shards()) {
                Set<String> listed = ids(shard.url());
                assertThat(listed).doesNotContainAnyElementsOf(moving);
                movedAway.addAll(field(shard.url(), "moved"));
                assertThat(field(shard.url(), "leaving")).isEmpty();
            }
            assertThat(movedAway).isEqualTo(moving);
            Set<String> stayed = new TreeSet<>(accounts);
            stayed.removeAll(moving);
            Set<String> listedOld = new TreeSet<>();
            bank.shards().forEach(s -> listedOld.addAll(ids(s.url())));
            assertThat(listedOld).isEqualTo(stayed);

            // 5. every logic node routes by the new map, and nothing is left in doubt
            assertThat(report.logicMissed()).isEmpty();
            bank.logics().forEach(l -> assertThat(l.shardMap().urls().keySet()).contains("shard-4"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (BankNode shard : List.of(bank.shard("shard-1"), bank.shard("shard-2"), bank.shard("shard-3"), fourth)) {
                    assertThat(shard.pendingRecords() + shard.pendingIntents()).isZero();
                }
            });
        }
    }

    private static void addShard(ShardMap before, ShardMap after, List<URI> logic, AtomicInteger started, int startAt,
                                 CompletableFuture<AddShard.Report> done) {
        try (AddShard add = new AddShard(before, after, logic, 1, TestSecret.operator())) {
            AtomicInteger moves = new AtomicInteger();
            add.afterEachMove(move -> {
                if (moves.incrementAndGet() == 1) { // one account moved, two not yet: the load must run now
                    await().atMost(Duration.ofSeconds(30)).until(() -> started.get() >= startAt + 2 * CLIENTS);
                }
            });
            done.complete(add.run());
        } catch (Throwable e) {
            done.completeExceptionally(e);
        }
    }

    /** The first {@code moving} ids that the new ring moves, and the first {@code staying} ids that it does not. */
    static List<String> accounts(ShardMap before, ShardMap after, int moving, int staying) {
        List<String> movers = new ArrayList<>();
        List<String> stayers = new ArrayList<>();
        for (int i = 0; movers.size() < moving || stayers.size() < staying; i++) {
            String id = "acct" + i;
            boolean moves = !before.shardFor(id).equals(after.shardFor(id));
            if (moves && movers.size() < moving) {
                movers.add(id);
            } else if (!moves && stayers.size() < staying) {
                stayers.add(id);
            }
        }
        List<String> all = new ArrayList<>(movers);
        all.addAll(stayers);
        return all;
    }

    static ShardMap withShard(ShardMap map, String id, String url) {
        java.util.Map<String, String> urls = new java.util.LinkedHashMap<>();
        map.urls().forEach((k, v) -> urls.put(k, String.join("|", v.stream().map(Object::toString).toList())));
        urls.put(id, url);
        return ShardMap.of(urls);
    }

    /** The accounts a shard lists itself. */
    static Set<String> ids(String shardUrl) {
        Set<String> ids = new TreeSet<>();
        read(shardUrl + "/accounts").path("accounts").forEach(a -> ids.add(a.path("id").asText()));
        return ids;
    }

    /** From GET /admin/moves: "leaving" (a list), or "moved" and "imported" (maps by account id). */
    static Set<String> field(String shardUrl, String name) {
        Set<String> ids = new TreeSet<>();
        JsonNode node = read(shardUrl + "/admin/moves").path(name);
        if (node.isArray()) {
            node.forEach(n -> ids.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(ids::add);
        }
        return ids;
    }

    static JsonNode read(String url) {
        TestCluster.Answer answer = TestCluster.get(url);
        assertThat(answer.status()).as(url + " " + answer.body()).isEqualTo(200);
        try {
            return JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new AssertionError(answer.body(), e);
        }
    }
}
