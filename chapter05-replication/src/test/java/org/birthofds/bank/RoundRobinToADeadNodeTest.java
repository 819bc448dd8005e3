package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.birthofds.bank.balancer.BalancerNode;
import org.birthofds.bank.balancer.NodeCounters;
import org.birthofds.bank.logic.LogicMain;
import org.junit.jupiter.api.Test;

/**
 * FAILURE MODE (fixed in chapter 05): round robin keeps sending a dead node its share. Three
 * logic nodes, each a JVM of its own; one is killed with SIGKILL. The balancer neither checks
 * the nodes' health nor retries elsewhere, so exactly one request in three still goes to the
 * dead node, and each of those fails with a 503. Chapter 5 runs the same scenario and asserts
 * that none does.
 */
class RoundRobinToADeadNodeTest {
    private static final int PATIENT_MS = 20_000;
    private static final int N = 3;
    private static final int K = 30; // a multiple of N: the dead node's share is exactly K/N

    @Test
    void round_robin_keeps_sending_a_dead_node_its_share_and_those_requests_fail() throws Exception {
        BankNode data = TestNodes.memoryOnly();
        List<ChildBank> nodes = new ArrayList<>();
        try {
            // 1. Three logic nodes in child JVMs, started side by side, behind a round-robin balancer.
            List<CompletableFuture<ChildBank>> starting = new ArrayList<>();
            for (int i = 1; i <= N; i++) {
                String name = "logic-" + i;
                starting.add(CompletableFuture.supplyAsync(() -> startLogic(data.url(), name)));
            }
            starting.forEach(f -> nodes.add(f.join()));
            // Each answers one request of its own first: on a busy machine a cold node's first answer (class
            // loading, its first call to the data tier) can outlast the balancer's timeout and count as a failure.
            nodes.forEach(node -> assertThat(TestCluster.get(node.url() + "/accounts").status()).isEqualTo(200));
            // Timeouts far above any answer on a busy machine: this test is about where requests go, not how fast.
            try (BalancerNode balancer = TestCluster.balancer("round-robin", nodes.stream().map(ChildBank::url).toList(),
                    "--timeout-ms", "" + PATIENT_MS)) {
                String url = balancer.url() + "/accounts";

                // 2. While all three live, every request is answered, one in three by each node.
                List<TestCluster.Answer> before = new ArrayList<>();
                for (int i = 0; i < 3 * N; i++) {
                    before.add(TestCluster.get(url));
                }
                assertThat(before).extracting(TestCluster.Answer::status).containsOnly(200);
                assertThat(TestCluster.servedBy(before, "logic-1", "logic-2", "logic-3")).containsExactly(3L, 3L, 3L);

                // 3. Pull the plug on logic-2: SIGKILL, no shutdown hook, no goodbye to the balancer.
                nodes.get(1).kill();

                // 4. K more requests, one after another.
                List<TestCluster.Answer> after = new ArrayList<>();
                for (int i = 0; i < K; i++) {
                    after.add(TestCluster.get(url));
                }

                // 5. The dead node still got its turn, every third request, and each of those failed: a 503
                //    with Retry-After and the API's error body. The other two nodes answered the rest.
                List<TestCluster.Answer> failed = after.stream().filter(a -> a.status() != 200).toList();
                assertThat(failed).hasSize(K / N);
                assertThat(failed).allSatisfy(a -> {
                    assertThat(a.status()).isEqualTo(503);
                    assertThat(a.retryAfter()).isEqualTo("1");
                    assertThat(a.body()).contains("\"error\":\"unavailable\"", "logic-2");
                    assertThat(a.servedBy()).isNull(); // no node answered it: the balancer did
                });
                for (int i = 0; i < K; i++) {
                    assertThat(after.get(i).status()).as("request %d", i).isEqualTo(i % N == 1 ? 503 : 200);
                }
                assertThat(TestCluster.servedBy(after, "logic-1", "logic-2", "logic-3")).containsExactly(10L, 0L, 10L);

                // 6. The balancer's own counters tell the same story.
                assertThat(balancer.counters()).extracting(NodeCounters::sent).containsExactly(13L, 13L, 13L);
                assertThat(balancer.counters()).extracting(NodeCounters::failed).containsExactly(0L, 10L, 0L);
            }
        } finally {
            for (ChildBank node : nodes) {
                node.kill();
            }
            data.close();
        }
    }

    private static ChildBank startLogic(String dataUrl, String name) {
        try {
            return ChildBank.start(LogicMain.class, "--data-url", dataUrl, "--node", name, "--timeout-ms", "" + PATIENT_MS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
