package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.birthofds.bank.balancer.BalancerNode;
import org.birthofds.bank.balancer.NodeCounters;
import org.birthofds.bank.logic.LogicNode;
import org.junit.jupiter.api.Test;

/**
 * Chapter 5: a request that failed on one node goes to another only when sending it twice cannot
 * move money twice (balancer.Retry): if it never reached the node, or if it is a read or a keyed
 * write. Each case has a balancer of its own, so its first request is logic-1's turn; logic-1 is
 * a port nothing listens on, or a {@link FakeNode} that cuts off every request it has read.
 */
class BalancerRetryTest {

    @Test
    void a_request_refused_by_a_node_goes_to_another_even_an_unkeyed_write() throws Exception {
        // 1. logic-1 listens nowhere; logic-2 is a real logic node. Health checks far apart, so that the
        //    deposit, not a check, is what finds logic-1 closed.
        try (Bank bank = Bank.start();
             BalancerNode balancer = TestCluster.balancer("round-robin", List.of(closedPort(), bank.logic.url()),
                     "--probe-ms", "600000")) {

            // 2. An unkeyed deposit, on logic-1's turn: refused there, it is carried out on logic-2.
            TestCluster.Answer answer = TestCluster.post(balancer.url() + "/accounts/alice/deposits", "{\"amount\":500}", null);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.servedBy()).isEqualTo("logic-2");
            assertThat(answer.body()).isEqualTo("{\"id\":\"alice\",\"balance\":500}");

            // 3. The refusal took logic-1 out at once, so the next requests are not even tried there.
            TestCluster.Answer next = TestCluster.get(balancer.url() + "/accounts/alice");
            assertThat(next.servedBy()).isEqualTo("logic-2");
            TestCluster.awaitInFlight(balancer, 0L, 0L);
            assertThat(balancer.counters()).containsExactly(
                    new NodeCounters("logic-1", 1, 0, 1, 1, true, 1),
                    new NodeCounters("logic-2", 2, 0, 0, 0, false, 0));
        }
    }

    @Test
    void an_unkeyed_write_cut_off_at_a_node_is_not_sent_again_and_is_answered_503() throws Exception {
        // 1. logic-1 reads each request and then cuts the connection; logic-2 is a real logic node.
        try (Bank bank = Bank.start();
             FakeNode cutting = FakeNode.start("logic-1", FakeNode.Requests.CUT_OFF);
             BalancerNode balancer = TestCluster.balancer("round-robin", List.of(cutting.url(), bank.logic.url()))) {

            // 2. An unkeyed deposit, cut off at logic-1: it may have happened there, so it goes nowhere else.
            TestCluster.Answer answer = TestCluster.post(balancer.url() + "/accounts/alice/deposits", "{\"amount\":500}", null);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.retryAfter()).isEqualTo("1");
            assertThat(answer.servedBy()).isNull();
            assertThat(answer.body()).contains("\"error\":\"unavailable\"", "logic-1", "may or may not have happened");

            // 3. logic-1 had it, logic-2 never did, and the money did not move.
            assertThat(cutting.received()).extracting(FakeNode.Received::path).containsExactly("/accounts/alice/deposits");
            assertThat(TestCluster.get(bank.logic.url() + "/accounts/alice").body()).isEqualTo("{\"id\":\"alice\",\"balance\":0}");
            TestCluster.awaitInFlight(balancer, 0L, 0L);
            assertThat(balancer.counters()).containsExactly(
                    new NodeCounters("logic-1", 1, 0, 1, 0, false, 0),
                    new NodeCounters("logic-2", 0, 0, 0, 0, false, 0));
        }
    }

    @Test
    void a_keyed_write_or_a_read_cut_off_at_a_node_goes_to_another() throws Exception {
        // 1. The same two nodes.
        try (Bank bank = Bank.start();
             FakeNode cutting = FakeNode.start("logic-1", FakeNode.Requests.CUT_OFF);
             BalancerNode balancer = TestCluster.balancer("round-robin", List.of(cutting.url(), bank.logic.url()))) {

            // 2. A keyed deposit and a read, each first on logic-1's turn and cut off there: each is answered by logic-2.
            TestCluster.Answer deposit = TestCluster.post(balancer.url() + "/accounts/alice/deposits", "{\"amount\":500}", "dep-1");
            TestCluster.Answer read = TestCluster.get(balancer.url() + "/accounts/alice");
            assertThat(List.of(deposit.status(), read.status())).containsExactly(200, 200);
            assertThat(List.of(deposit.servedBy(), read.servedBy())).containsExactly("logic-2", "logic-2");
            assertThat(read.body()).isEqualTo("{\"id\":\"alice\",\"balance\":500}");

            // 3. logic-1 received both, the key with the deposit; cut off after the connection was made,
            //    it stays in service (it answers its health checks).
            assertThat(cutting.received()).containsExactly(
                    new FakeNode.Received("POST", "/accounts/alice/deposits", "dep-1"),
                    new FakeNode.Received("GET", "/accounts/alice", null));
            TestCluster.awaitInFlight(balancer, 0L, 0L);
            assertThat(balancer.counters()).containsExactly(
                    new NodeCounters("logic-1", 2, 0, 2, 2, false, 0),
                    new NodeCounters("logic-2", 2, 0, 0, 0, false, 0));
        }
    }

    @Test
    void a_keyed_write_is_tried_on_each_node_at_most_once() throws Exception {
        // 1. Two nodes that both cut off every request.
        try (FakeNode one = FakeNode.start("logic-1", FakeNode.Requests.CUT_OFF);
             FakeNode two = FakeNode.start("logic-2", FakeNode.Requests.CUT_OFF);
             BalancerNode balancer = TestCluster.balancer("round-robin", List.of(one.url(), two.url()))) {

            // 2. A keyed deposit goes to logic-1, then to logic-2, then nowhere: 503, naming the last node tried.
            TestCluster.Answer answer = TestCluster.post(balancer.url() + "/accounts/alice/deposits", "{\"amount\":500}", "dep-1");
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body()).contains("logic-2");
            assertThat(one.received()).hasSize(1);
            assertThat(two.received()).hasSize(1);
            TestCluster.awaitInFlight(balancer, 0L, 0L);
            assertThat(balancer.counters()).extracting(NodeCounters::retried).containsExactly(1L, 0L);
        }
    }

    @Test
    void a_read_that_used_up_its_time_on_a_hung_node_is_not_sent_again() throws Exception {
        // 1. logic-1 holds its next request; a balancer that gives each request 300 ms, retries included.
        try (Bank bank = Bank.start();
             LogicNode hung = TestNodes.logic(bank.data.url(), "--node", "logic-1");
             BalancerNode balancer = TestCluster.balancer("round-robin", List.of(hung.url(), bank.logic.url()),
                     "--timeout-ms", "300")) {
            Hold held = Hold.onWorker(hung.worker(), label -> true, 1);
            try {
                // 2. A read on logic-1's turn: after 300 ms it is a 503, and logic-2, which would have answered, is not asked.
                CompletableFuture<TestCluster.Answer> answer = TestCluster.getAsync(balancer.url() + "/accounts/alice");
                held.awaitHeld();
                assertThat(answer.join().status()).isEqualTo(503);
                assertThat(answer.join().body()).contains("no answer within 300 ms");
                assertThat(balancer.counters()).extracting(NodeCounters::sent).containsExactly(1L, 0L);
            } finally {
                held.release();
            }
        }
    }

    /** A data tier with alice's account, and a real logic node named logic-2 in front of it. */
    private record Bank(BankNode data, LogicNode logic) implements AutoCloseable {
        static Bank start() throws IOException {
            BankNode data = TestNodes.memoryOnly();
            LogicNode logic = TestNodes.logic(data.url(), "--node", "logic-2");
            assertThat(TestCluster.post(logic.url() + "/accounts", "{\"id\":\"alice\"}", null).status()).isEqualTo(201);
            return new Bank(data, logic);
        }

        @Override
        public void close() throws IOException {
            logic.close();
            data.close();
        }
    }

    /** A port nothing listens on: bound for a moment, then let go. */
    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
