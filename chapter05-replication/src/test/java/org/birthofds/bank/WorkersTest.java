package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * More CPUs: chapter 1's one worker made every request wait in line. With K workers, K requests
 * are served at once; but no number of workers computes faster than the cores underneath.
 */
class WorkersTest {
    private static final int K = 4;
    private static final long S_MS = 300;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void requests_no_longer_wait_in_line() throws Exception {
        try (BankNode node = TestNodes.memoryOnly("--workers", String.valueOf(K), "--work-ms", String.valueOf(S_MS))) {
            ApiClient api = new ApiClient(node.url());
            // 1. one request of cost S alone, as a yardstick measured on this machine right now
            long aloneMs = timeMs(() -> assertThat(api.get("/accounts").status()).isEqualTo(200));
            // 2. K requests of cost S at once; none starts its work until all K are on a worker
            CyclicBarrier allOnAWorker = new CyclicBarrier(K);
            node.worker().beforeEachTask(label -> TestBank.meet(allOnAWorker));
            long togetherMs = timeMs(() -> {
                List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < K; i++) {
                    replies.add(api.getAsync("/accounts"));
                }
                replies.forEach(reply -> assertThat(reply.join().status()).isEqualTo(200));
            });
            // 3. so together they took about S, not K x S: a wide ratio, whatever the machine's speed
            assertThat(togetherMs).as("K requests together, against one alone (%d ms)", aloneMs)
                    .isLessThan(aloneMs * K / 2);
        }
    }

    @Test
    void slow_request_no_longer_blocks_other_clients() throws Exception {
        try (BankNode node = TestNodes.memoryOnly("--workers", "2")) {
            ApiClient api = new ApiClient(node.url());
            api.open("slow");
            api.open("fast");
            Hold hold = Hold.onWorker(node.worker(), label -> label.startsWith("deposit slow "));
            // 1. a slow deposit occupies one worker
            CompletableFuture<ApiClient.Reply> slow = api.postAsync("/accounts/slow/deposits", "{\"amount\":1}");
            hold.awaitHeld();
            // 2. a fast read arrives, and another worker answers it while the slow one is still held
            assertThat(api.get("/accounts/fast").status()).isEqualTo(200);
            assertThat(slow).isNotDone();
            // 3. the slow request finishes when it lets go
            hold.release();
            assertThat(slow.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void more_workers_than_cores_do_not_finish_cpu_bound_work_sooner() throws Exception {
        int workers = 4 * CORES;
        long cpuMs = 100;
        try (BankNode node = TestNodes.memoryOnly("--workers", String.valueOf(workers), "--cpu-ms", String.valueOf(cpuMs))) {
            ApiClient api = new ApiClient(node.url());
            // 1. as many requests as workers, each needing cpuMs of real CPU time
            long wallMs = timeMs(() -> {
                List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    replies.add(api.getAsync("/accounts"));
                }
                replies.forEach(reply -> assertThat(reply.join().status()).isEqualTo(200));
            });
            // 2. the cores deliver at most CORES ms of CPU per ms of wall time: a physical lower bound,
            //    four times the cpuMs that the requests would take if each worker had a core of its own
            long totalCpuMs = workers * cpuMs;
            assertThat(wallMs).as("%d requests x %d ms of CPU on %d cores", workers, cpuMs, CORES)
                    .isGreaterThanOrEqualTo(totalCpuMs / CORES);
        }
    }

    private static long timeMs(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
