package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.birthofds.bank.balancer.BalancerNode;
import org.birthofds.bank.balancer.NodeCounters;
import org.birthofds.bank.logic.LogicNode;
import org.junit.jupiter.api.Test;

/**
 * The balancer as a client sees it: a node's answer arrives as the node gave it, and a node that
 * gives none becomes the API's 503 with Retry-After, never a hang and never a bare 502.
 */
class BalancerTest {

    @Test
    void the_balancer_relays_each_answer_as_the_node_gave_it() throws Exception {
        // 1. Two logic nodes behind the balancer.
        try (TestCluster cluster = TestCluster.start(2, "round-robin")) {
            String api = cluster.url();

            // 2. A created account, a refusal and a keyed deposit sent twice: status, body and node, as they were.
            TestCluster.Answer opened = TestCluster.post(api + "/accounts", "{\"id\":\"alice\"}", null);
            TestCluster.Answer missing = TestCluster.get(api + "/accounts/bob");
            TestCluster.Answer first = TestCluster.post(api + "/accounts/alice/deposits", "{\"amount\":500}", "dep-1");
            TestCluster.Answer again = TestCluster.post(api + "/accounts/alice/deposits", "{\"amount\":500}", "dep-1");

            assertThat(opened.status()).isEqualTo(201);
            assertThat(opened.body()).isEqualTo("{\"id\":\"alice\",\"balance\":0}");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo(TestCluster.get(cluster.logic.get(1).url() + "/accounts/bob").body());
            assertThat(missing.contentType()).startsWith("application/json");
            // The key went through the balancer too: the repeat, on the other node, moved no money.
            assertThat(List.of(first.body(), again.body())).containsOnly("{\"id\":\"alice\",\"balance\":500}");
            assertThat(List.of(opened.servedBy(), missing.servedBy(), first.servedBy(), again.servedBy()))
                    .containsExactly("logic-1", "logic-2", "logic-1", "logic-2");
        }
    }

    @Test
    void a_nodes_own_503_and_its_retry_after_pass_through_and_are_not_the_balancers_failure() throws Exception {
        // 1. A logic node whose data tier is gone: it answers, with its own 503.
        try (LogicNode orphan = TestNodes.logic("http://127.0.0.1:" + freePort(), "--node", "logic-1");
             BalancerNode balancer = TestCluster.balancer("round-robin", List.of(orphan.url()))) {

            // 2. Through the balancer, the node's 503, its Retry-After and its message arrive unchanged.
            TestCluster.Answer answer = TestCluster.get(balancer.url() + "/accounts/alice");
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.retryAfter()).isEqualTo("1");
            assertThat(answer.servedBy()).isEqualTo("logic-1");
            assertThat(answer.body()).contains("the data tier's shard-1 at");

            // 3. The node did answer, so the balancer counts no failure, sends nothing again, and keeps it in service.
            TestCluster.awaitInFlight(balancer, 0L);
            assertThat(balancer.counters()).containsExactly(new NodeCounters("logic-1", 1, 0, 0, 0, false, 0));
        }
    }

    @Test
    void a_node_that_refuses_the_connection_is_a_503_with_retry_after() throws Exception {
        // 1. A balancer whose only node is a port where nothing listens. Health checks far apart (chapter 5),
        //    so that the request, not a check, is what finds the port closed.
        try (BalancerNode balancer = TestCluster.balancer("round-robin", List.of("http://127.0.0.1:" + freePort()),
                "--probe-ms", "600000")) {

            // 2. The client gets the API's 503 at once, with Retry-After and the error body, written by the balancer.
            TestCluster.Answer answer = TestCluster.get(balancer.url() + "/accounts");
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.retryAfter()).isEqualTo("1");
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(answer.body()).startsWith("{\"error\":\"unavailable\",\"message\":\"Temporarily unavailable: logic node logic-1");
            assertThat(answer.servedBy()).isNull();
            // 3. Chapter 5: the refusal takes the node out of service at once; with no other node, nothing is sent again.
            TestCluster.awaitInFlight(balancer, 0L);
            assertThat(balancer.counters()).containsExactly(new NodeCounters("logic-1", 1, 0, 1, 0, true, 1));
        }
    }

    @Test
    void a_node_that_hangs_is_a_503_once_the_timeout_runs_out() throws Exception {
        // 1. A logic node that holds its next request, behind a balancer that waits 300 ms.
        try (TestCluster cluster = TestCluster.start(1, "round-robin");
             BalancerNode impatient = TestCluster.balancer("round-robin", List.of(cluster.logic.get(0).url()),
                     "--timeout-ms", "300")) {
            Hold hung = Hold.onWorker(cluster.logic.get(0).worker(), label -> true, 1);
            try {
                // 2. The client gets a 503 after the balancer's timeout, not after the node wakes.
                CompletableFuture<TestCluster.Answer> answer = TestCluster.getAsync(impatient.url() + "/accounts");
                hung.awaitHeld();
                assertThat(answer.join().status()).isEqualTo(503);
                assertThat(answer.join().body()).contains("no answer within 300 ms");
                assertThat(impatient.counters()).extracting(NodeCounters::failed).containsExactly(1L);
            } finally {
                hung.release();
            }
        }
    }

    @Test
    void the_counters_are_served_only_when_admin_is_on() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, "round-robin");
             BalancerNode admin = TestCluster.balancer("round-robin", cluster.logic.stream().map(LogicNode::url).toList(),
                     "--admin", "--admin-token-file", TestSecret.adminTokenPath())) {
            // 1. Off by default: the path is just another request, forwarded to a node, which knows no such page.
            TestCluster.Answer plain = TestCluster.get(cluster.url() + "/admin/nodes");
            assertThat(plain.status()).isEqualTo(404);
            assertThat(plain.servedBy()).isEqualTo("logic-1");

            // 2. With --admin, the balancer answers it itself: to anyone else 401, to the operator's token what
            //    it sent where.
            TestCluster.get(admin.url() + "/accounts");
            assertThat(TestCluster.get(admin.url() + "/admin/nodes").status()).isEqualTo(401);
            TestCluster.Answer counters = TestCluster.getAsOperator(admin.url() + "/admin/nodes");
            assertThat(counters.status()).isEqualTo(200);
            assertThat(counters.servedBy()).isNull();
            assertThat(counters.body()).isEqualTo(
                    "[{\"node\":\"logic-1\",\"sent\":1,\"inFlight\":0,\"failed\":0,\"retried\":0,\"ejected\":false,\"ejections\":0},"
                    + "{\"node\":\"logic-2\",\"sent\":0,\"inFlight\":0,\"failed\":0,\"retried\":0,\"ejected\":false,\"ejections\":0}]");
        }
    }

    /** A port nothing listens on: bound for a moment, then let go. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
