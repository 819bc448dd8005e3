package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The one CPU: every request waits its turn on the single worker. These bite here; chapter 2
 * gives the bank more workers and asserts the same scenarios no longer bite.
 */
class OneCpuTest {
    private static final int K = 4;
    private static final long S_MS = 200;

    @Test
    void requests_wait_in_line_behind_each_other() throws Exception {
        try (BankNode node = TestNodes.memoryOnly("--work-ms", String.valueOf(S_MS))) {
            ApiClient api = new ApiClient(node.url());
            WorkerHold hold = WorkerHold.onFirst(node.worker(), label -> true);
            // 1. K requests of cost S, sent at once; hold the first until the rest are in line
            List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < K; i++) {
                replies.add(api.getAsync("/accounts"));
            }
            hold.awaitHeld();
            await().atMost(Duration.ofSeconds(30)).until(() -> node.worker().waiting() == K - 1);
            // 2. let them go: one worker serves them one after another
            long start = System.nanoTime();
            hold.release();
            replies.forEach(reply -> assertThat(reply.join().status()).isEqualTo(200));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // 3. so together they took at least K x S
            assertThat(elapsedMs).isGreaterThanOrEqualTo(K * S_MS);
        }
    }

    @Test
    void slow_request_blocks_every_other_client() throws Exception {
        try (BankNode node = TestNodes.memoryOnly()) {
            ApiClient api = new ApiClient(node.url());
            api.open("slow");
            api.open("fast");
            WorkerHold hold = WorkerHold.onFirst(node.worker(), label -> label.equals("deposit slow"));
            // 1. a slow deposit occupies the one worker
            CompletableFuture<ApiClient.Reply> slow = api.postAsync("/accounts/slow/deposits", "{\"amount\":1}");
            hold.awaitHeld();
            // 2. a fast read arrives and queues behind it
            CompletableFuture<ApiClient.Reply> fast = api.getAsync("/accounts/fast");
            await().atMost(Duration.ofSeconds(30)).until(() -> node.worker().waiting() == 1);
            assertThat(fast).as("the read cannot finish while the worker is held").isNotDone();
            // 3. only when the slow request lets go does the read get its answer
            long releasedAt = System.nanoTime();
            hold.release();
            CompletableFuture<Long> fastDoneAt = fast.thenApply(reply -> System.nanoTime());
            assertThat(fast.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(fastDoneAt.get()).isGreaterThan(releasedAt);
            assertThat(slow.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    @Disabled("Exercise 1.3: bound the line; with --max-waiting N, a request that finds N waiting is refused at once")
    void a_full_line_refuses_the_next_request_at_once_with_503() throws Exception {
        try (BankNode node = TestNodes.memoryOnly("--max-waiting", "2")) {
            ApiClient api = new ApiClient(node.url());
            api.open("slow");
            WorkerHold hold = WorkerHold.onFirst(node.worker(), label -> label.equals("deposit slow"));
            // 1. hold the one worker, and let two reads queue behind it: the line is full
            CompletableFuture<ApiClient.Reply> slow = api.postAsync("/accounts/slow/deposits", "{\"amount\":1}");
            hold.awaitHeld();
            List<CompletableFuture<ApiClient.Reply>> queued = List.of(api.getAsync("/accounts"), api.getAsync("/accounts"));
            await().atMost(Duration.ofSeconds(30)).until(() -> node.worker().waiting() == 2);
            // 2. the next request is answered while the worker is still held: refused, not queued
            ApiClient.Reply refused = api.get("/accounts");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.error()).isEqualTo("unavailable");
            assertThat(slow).isNotDone();
            // 3. those already in line are still served
            hold.release();
            assertThat(slow.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            for (CompletableFuture<ApiClient.Reply> reply : queued) {
                assertThat(reply.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        }
    }
}
