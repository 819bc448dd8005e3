package org.birthofds.bank;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU, now several of them: {@code --workers N} lets N requests run bank operations at
 * the same moment; the rest wait their turn, in the order they arrived. Chapter 1 handed each
 * operation to its one worker thread. With many workers, that hand-over between threads cost
 * more CPU than the operation itself, so here the thread that received the request runs it,
 * once it holds one of the N worker permits.
 *
 * <p>FAILURE MODE (fixed in chapter 04): the ceiling. However many workers there are, they share
 * this machine's cores: past the core count, a worker that computes only waits for a core. A
 * bigger machine moves the ceiling; only more machines remove it.
 */
public final class Worker implements AutoCloseable {
    private static final ThreadMXBean CPU_CLOCK = ManagementFactory.getThreadMXBean();
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final int count;
    private final Semaphore workers;
    private final Duration waitPerRequest;
    private final Duration cpuPerRequest;
    private volatile Consumer<String> beforeEachTask = label -> {
    };

    /** Every tier has its own workers; --work-ms and --cpu-ms simulate work per operation: waiting, and computing. */
    public Worker(int count, Duration waitPerRequest, Duration cpuPerRequest) {
        this.count = count;
        this.workers = new Semaphore(count, true); // fair: first come, first served
        this.waitPerRequest = waitPerRequest;
        this.cpuPerRequest = cpuPerRequest;
    }

    /** Runs the operation once a worker is free, on this thread; its exceptions reach the caller. */
    public <T> T run(String label, Supplier<T> operation) {
        workers.acquireUninterruptibly();
        try {
            beforeEachTask.accept(label);
            simulateCost();
            return operation.get();
        } finally {
            workers.release();
        }
    }

    /** A fault hook for tests, off unless a test sets it: runs on the worker before each task. */
    void beforeEachTask(Consumer<String> hook) {
        beforeEachTask = hook;
    }

    /** Waits a few seconds at most for the operations under way, so that none outlives the journal. */
    @Override
    public void close() {
        try {
            if (!workers.tryAcquire(count, 5, TimeUnit.SECONDS)) {
                log.warn("Stopping with {} operations still running", count - workers.availablePermits());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void simulateCost() {
        if (!waitPerRequest.isZero()) {
            waitFor(waitPerRequest); // waiting holds a worker, but not a core
        }
        if (!cpuPerRequest.isZero()) {
            compute(cpuPerRequest);
        }
    }

    private static void waitFor(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating work", e);
        }
    }

    /** Keeps a core busy until this thread has used {@code cpu} of CPU time, however long that takes. */
    private static void compute(Duration cpu) {
        long until = CPU_CLOCK.getCurrentThreadCpuTime() + cpu.toNanos();
        while (CPU_CLOCK.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }
}
