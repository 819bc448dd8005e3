package org.birthofds.bank;

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
 * The CPU, the first workhorse: one worker thread that runs every bank operation in turn, in
 * the order the requests arrived. The network threads only parse and wait.
 *
 * <p>FAILURE MODE (fixed in chapter 02): one worker serves every request in turn, so a slow
 * request holds up everyone behind it, and K requests of cost S take at least K x S.
 */
final class Worker implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bank-worker"));
    private final Duration costPerRequest;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Consumer<String> beforeEachTask = label -> {
    };

    /** Flag --work-ms simulates work per operation, to make the one CPU's capacity visible. */
    Worker(Flags flags) {
        this.costPerRequest = flags.workPerRequest();
    }

    /** Runs the operation on the worker and waits for its result; its exceptions reach the caller. */
    <T> T run(String label, Supplier<T> operation) {
        waiting.incrementAndGet(); // Exercise 1.3: the line has no end; every newcomer just waits longer
        Future<T> result = thread.submit(() -> {
            waiting.decrementAndGet();
            beforeEachTask.accept(label);
            simulateCost();
            return operation.get();
        });
        return await(result);
    }

    /** Operations queued behind the one running now. */
    int waiting() {
        return waiting.get();
    }

    /** A fault hook for tests, off unless a test sets it: runs on the worker before each task. */
    void beforeEachTask(Consumer<String> hook) {
        beforeEachTask = hook;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void simulateCost() throws InterruptedException {
        if (!costPerRequest.isZero()) {
            Thread.sleep(costPerRequest.toMillis()); // the worker is busy: nobody else is served
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
