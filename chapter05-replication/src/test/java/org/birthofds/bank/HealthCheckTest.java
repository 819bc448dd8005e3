package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.balancer.BalancerNode;
import org.birthofds.bank.balancer.NodeCounters;
import org.junit.jupiter.api.Test;

/**
 * Chapter 5's active health checks, through the balancer: two {@link FakeNode}s that answer every
 * request, whose GET /health the test turns from 200 to 503 and back. Checks every 20 ms, so that
 * each step takes a moment; the waits are on the balancer's own counters.
 */
class HealthCheckTest {
    private static final Duration PATIENT = Duration.ofSeconds(30);

    @Test
    void a_node_failing_its_health_checks_is_sent_nothing_until_it_answers_them_again() throws Exception {
        // 1. Two nodes in service.
        try (FakeNode one = FakeNode.start("logic-1", FakeNode.Requests.ANSWERED);
             FakeNode two = FakeNode.start("logic-2", FakeNode.Requests.ANSWERED);
             BalancerNode balancer = TestCluster.balancer("round-robin", List.of(one.url(), two.url()), "--probe-ms", "20")) {

            // 2. logic-1's checks fail: after two in a row it is out, once.
            one.healthAnswers(503);
            await().atMost(PATIENT).until(() -> balancer.counters().get(0).ejected());

            // 3. While it is out, logic-2 answers everything and logic-1 receives nothing.
            List<TestCluster.Answer> whileOut = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                whileOut.add(TestCluster.get(balancer.url() + "/accounts"));
            }
            assertThat(whileOut).extracting(TestCluster.Answer::status).containsOnly(200);
            assertThat(TestCluster.servedBy(whileOut, "logic-1", "logic-2")).containsExactly(0L, 6L);
            assertThat(one.received()).isEmpty();

            // 4. It answers its checks again: back in service, and round robin gives it its turns again.
            one.healthAnswers(200);
            await().atMost(PATIENT).until(() -> !balancer.counters().get(0).ejected());
            List<TestCluster.Answer> back = List.of(TestCluster.get(balancer.url() + "/accounts"),
                    TestCluster.get(balancer.url() + "/accounts"));
            assertThat(TestCluster.servedBy(back, "logic-1", "logic-2")).containsExactly(1L, 1L);
            assertThat(one.received()).hasSize(1);
            assertThat(balancer.counters()).extracting(NodeCounters::ejections).containsExactly(1L, 0L);
            assertThat(balancer.counters()).extracting(NodeCounters::failed).containsExactly(0L, 0L);
        }
    }

    @Test
    void with_every_node_out_of_service_the_answer_is_503_with_retry_after_and_no_node_is_asked() throws Exception {
        // 1. Two nodes whose checks both fail.
        try (FakeNode one = FakeNode.start("logic-1", FakeNode.Requests.ANSWERED);
             FakeNode two = FakeNode.start("logic-2", FakeNode.Requests.ANSWERED);
             BalancerNode balancer = TestCluster.balancer("round-robin", List.of(one.url(), two.url()), "--probe-ms", "20")) {
            one.healthAnswers(503);
            two.healthAnswers(503);
            await().atMost(PATIENT).until(() -> balancer.counters().stream().allMatch(NodeCounters::ejected));

            // 2. The balancer answers at once, itself: the API's 503, with Retry-After and its error body.
            TestCluster.Answer answer = TestCluster.get(balancer.url() + "/accounts");
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.retryAfter()).isEqualTo("1");
            assertThat(answer.servedBy()).isNull();
            assertThat(answer.body()).startsWith("{\"error\":\"unavailable\",\"message\":\"Temporarily unavailable: "
                    + "every logic node is out of service (logic-1, logic-2)");

            // 3. Neither node was asked.
            assertThat(one.received()).isEmpty();
            assertThat(two.received()).isEmpty();
            assertThat(balancer.counters()).extracting(NodeCounters::sent).containsExactly(0L, 0L);
        }
    }
}
