package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.birthofds.bank.balancer.NodeCounters;
import org.junit.jupiter.api.Test;

/**
 * A slow node (a long garbage collection, a hot shard behind it) is staged by holding the
 * requests inside logic-1's worker. Round robin still sends it every third request, and they
 * wait there; least-outstanding sees its count of requests in flight grow and sends the new
 * requests to the other two.
 */
class LeastOutstandingTest {

    @Test
    void least_outstanding_sends_new_requests_around_a_slow_node() throws Exception {
        // 1. Three logic nodes behind a least-outstanding balancer; logic-1 will hold its first request.
        try (TestCluster cluster = TestCluster.start(3, "least-outstanding")) {
            String url = cluster.url() + "/accounts";
            Hold slow = Hold.onWorker(cluster.logic.get(0).worker(), label -> true, 1);

            // 2. The first request goes to logic-1 (all are idle, and the turn starts there) and stays there.
            CompletableFuture<TestCluster.Answer> held = TestCluster.getAsync(url);
            slow.awaitHeld();

            // 3. Six more, one after another: each goes to a node with nothing in flight, never to logic-1.
            List<TestCluster.Answer> next = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                cluster.awaitInFlight(1L, 0L, 0L); // the one before is over, not only answered
                next.add(TestCluster.get(url));
            }
            assertThat(next).extracting(TestCluster.Answer::servedBy)
                    .containsExactly("logic-2", "logic-3", "logic-2", "logic-3", "logic-2", "logic-3");
            assertThat(cluster.balancer.counters()).extracting(NodeCounters::sent).containsExactly(1L, 3L, 3L);
            assertThat(slow.matched()).isEqualTo(1);

            // 4. Let go: the held request is answered by logic-1, and nothing is left in flight.
            slow.release();
            assertThat(held.join().servedBy()).isEqualTo("logic-1");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.balancer.counters())
                    .extracting(NodeCounters::inFlight).containsOnly(0L));
        }
    }

    @Test
    void round_robin_sends_a_slow_node_its_share_and_those_requests_wait() throws Exception {
        // 1. The same nodes behind round robin; logic-1 holds each of its first three requests.
        try (TestCluster cluster = TestCluster.start(3, "round-robin")) {
            String url = cluster.url() + "/accounts";
            Hold slow = Hold.onWorker(cluster.logic.get(0).worker(), label -> true, 3);

            // 2. Seven requests at once: turns 0, 3 and 6 are logic-1's.
            List<CompletableFuture<TestCluster.Answer>> all = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                all.add(TestCluster.getAsync(url));
            }

            // 3. Logic-1 got its three and holds them all; the other four were answered by logic-2 and logic-3.
            slow.awaitHeld();
            await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().filter(CompletableFuture::isDone).count() == 4);
            List<TestCluster.Answer> answered = all.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
            assertThat(TestCluster.servedBy(answered, "logic-1", "logic-2", "logic-3")).containsExactly(0L, 2L, 2L);
            assertThat(cluster.balancer.counters()).extracting(NodeCounters::sent).containsExactly(3L, 2L, 2L);
            cluster.awaitInFlight(3L, 0L, 0L);

            // 4. Let go: the three waited behind the slow node, and are answered by it now.
            slow.release();
            assertThat(all).extracting(f -> f.join().status()).containsOnly(200);
            assertThat(TestCluster.servedBy(all.stream().map(CompletableFuture::join).toList(), "logic-1", "logic-2", "logic-3"))
                    .containsExactly(3L, 2L, 2L);
        }
    }
}
