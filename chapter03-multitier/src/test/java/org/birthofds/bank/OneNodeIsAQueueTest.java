package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One logic node is one queue: K requests of cost S, all sent at once, to a logic tier with W
 * workers. W are served at a time, and the rest wait their turn, so the last answer comes no
 * sooner than K·S/W. More workers would need more cores; the line itself stays one line.
 * Timing is asserted as a lower bound only.
 *
 * <p>FAILURE MODE (fixed in chapter 04): one logic server is one queue; chapter 4 runs the same
 * scenario through a load balancer in front of N logic nodes, and the K requests no longer wait
 * in one line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OneNodeIsAQueueTest {
    private static final int K = 12;   // requests, all in flight at once
    private static final int S_MS = 300; // each waits this long on a worker (--work-ms)
    private static final int W = 2;    // workers of the logic node

    @Test
    void k_requests_take_at_least_k_times_s_over_w() throws Exception {
        // 1. One logic node with W workers and requests of cost S, in front of a data tier.
        try (Tiers tiers = Tiers.memoryOnly("--workers", "" + W, "--work-ms", "" + S_MS)) {
            ApiClient api = new ApiClient(tiers.url());

            // 2. One request first, so that no path is compiled while timed.
            assertThat(api.get("/accounts").status()).isEqualTo(200);

            // 3. K requests at once.
            long started = System.nanoTime();
            List<CompletableFuture<ApiClient.Reply>> inFlight = new ArrayList<>();
            for (int i = 0; i < K; i++) {
                inFlight.add(api.getAsync("/accounts"));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // 4. Every one was answered, but in one line: W at a time, each taking S.
            assertThat(inFlight).extracting(f -> f.join().status()).containsOnly(200);
            Duration oneLine = Duration.ofMillis((long) K * S_MS / W);
            System.out.printf("OneNodeIsAQueueTest: %d requests in %d ms; one node's line %d ms%n",
                    K, took.toMillis(), oneLine.toMillis());
            assertThat(took).isGreaterThanOrEqualTo(oneLine);
        }
    }
}
