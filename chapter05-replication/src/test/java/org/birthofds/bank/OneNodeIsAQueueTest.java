package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Chapter 3's scenario, asserted the other way round: K requests of cost S, all sent at once.
 * One logic node with W workers served them in K·S/W at best. Behind the balancer, N nodes serve
 * K/N each, side by side, so the same requests take about K·S/(N·W): more machines, not a bigger
 * one, moved the ceiling. Timing is asserted as a lower bound and a wide ratio only.
 */
class OneNodeIsAQueueTest {
    private static final int K = 12;   // requests, all in flight at once
    private static final int S_MS = 300; // each waits this long on a worker (--work-ms)
    private static final int W = 2;    // workers per logic node
    private static final int N = 3;    // logic nodes behind the balancer

    @Test
    void k_requests_no_longer_wait_in_one_line() throws Exception {
        // 1. N logic nodes, each with W workers and requests of cost S, behind a round-robin balancer.
        try (TestCluster cluster = TestCluster.start(N, "round-robin", "--workers", "" + W, "--work-ms", "" + S_MS)) {
            String url = cluster.url() + "/accounts";

            // 2. Each node answers once first, so that no connection is opened and no path compiled while timed.
            List<TestCluster.Answer> answers = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < N; i++) {
                answers.add(TestCluster.get(url));
            }

            // 3. K requests at once, through the balancer.
            long started = System.nanoTime();
            List<CompletableFuture<TestCluster.Answer>> inFlight = new ArrayList<>();
            for (int i = 0; i < K; i++) {
                inFlight.add(TestCluster.getAsync(url).thenApply(a -> {
                    answers.add(a);
                    return a;
                }));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // 4. Every one answered, and round robin gave every node exactly its share: K/N each, plus the warm-up.
            assertThat(answers).extracting(TestCluster.Answer::status).containsOnly(200);
            long share = 1 + K / N;
            assertThat(cluster.sent()).as("the balancer's counters").containsExactly(share, share, share);
            assertThat(TestCluster.servedBy(answers, "logic-1", "logic-2", "logic-3")).as("X-Served-By")
                    .containsExactly(share, share, share);

            // 5. The N queues ran side by side: well under one node's K·S/W, and never under K·S/(N·W).
            Duration oneLine = Duration.ofMillis((long) K * S_MS / W);
            Duration nLines = Duration.ofMillis((long) K * S_MS / (N * W));
            System.out.printf("OneNodeIsAQueueTest: %d requests in %d ms; one node's line %d ms, N lines %d ms%n",
                    K, took.toMillis(), oneLine.toMillis(), nLines.toMillis());
            assertThat(took).isGreaterThanOrEqualTo(nLines);
            assertThat(took).isLessThan(oneLine.multipliedBy(3).dividedBy(4));
        }
    }
}
