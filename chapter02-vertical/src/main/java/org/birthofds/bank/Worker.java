package org.birthofds.bank;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The CPU, now several of them: {@code --workers N} threads run bank operations in parallel,
 * in the order the requests arrived. The network threads only parse and wait.
 *
 * <p>FAILURE MODE (fixed in chapter 04): the ceiling. However many workers there are, they share
 * this machine's cores: past the core count, a worker that computes only waits for a core. A
 * bigger machine moves the ceiling; only more machines remove it.
 */
final class Worker implements AutoCloseable {
    private static final ThreadMXBean CPU_CLOCK = ManagementFactory.getThreadMXBean();

    private final ExecutorService threads;
    private final Duration waitPerRequest;
    private final Duration cpuPerRequest;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Consumer<String> beforeEachTask = label -> {
    };

    /** Flags --work-ms and --cpu-ms simulate work per operation: waiting, and computing. */
    Worker(Flags flags) {
        AtomicInteger names = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(flags.workers(),
                r -> new Thread(r, "bank-worker-" + names.incrementAndGet()));
        this.waitPerRequest = flags.workPerRequest();
        this.cpuPerRequest = flags.cpuPerRequest();
    }

    /** Runs the operation on a free worker and waits for its result; its exceptions reach the caller. */
    <T> T run(String label, Supplier<T> operation) {
        waiting.incrementAndGet();
        Future<T> result = threads.submit(() -> {
            waiting.decrementAndGet();
            beforeEachTask.accept(label);
            simulateCost();
            return operation.get();
        });
        return await(result);
    }

    /** Operations queued until a worker is free. */
    int waiting() {
        return waiting.get();
    }

    /** A fault hook for tests, off unless a test sets it: runs on the worker before each task. */
    void beforeEachTask(Consumer<String> hook) {
        beforeEachTask = hook;
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void simulateCost() throws InterruptedException {
        if (!waitPerRequest.isZero()) {
            Thread.sleep(waitPerRequest.toMillis()); // waiting holds a worker, but not a core
        }
        if (!cpuPerRequest.isZero()) {
            compute(cpuPerRequest);
        }
    }

    /** Keeps a core busy until this thread has used {@code cpu} of CPU time, however long that takes. */
    private static void compute(Duration cpu) {
        long until = CPU_CLOCK.getCurrentThreadCpuTime() + cpu.toNanos();
        while (CPU_CLOCK.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the worker", e);
        }
    }
}
