package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The bank's rules without HTTP or a disk, for tests that run operations on threads of their
 * own: each thread here plays one worker, and the fault hooks decide how they interleave.
 */
final class TestBank implements AutoCloseable {
    static final String THREAD_NAME = "test-worker-";

    final Accounts accounts = new Accounts();
    final Locks locks;
    final Bank bank;
    private final AtomicInteger names = new AtomicInteger();
    private final ExecutorService workers =
            Executors.newCachedThreadPool(r -> new Thread(r, THREAD_NAME + names.incrementAndGet()));

    TestBank(String... flags) {
        this.locks = new Locks(Flags.parse(flags));
        this.bank = new Bank(accounts, Storage.MEMORY_ONLY, locks);
    }

    /** Opens the account and deposits the amount, one operation after the other. */
    void fund(String id, long amount) {
        bank.open(id);
        bank.deposit(id, amount);
    }

    long balance(String id) {
        return bank.account(id).balance();
    }

    BigInteger total() {
        return bank.accounts().total();
    }

    /** Runs the operation on a worker thread of its own. */
    <T> CompletableFuture<T> onAWorker(Supplier<T> operation) {
        return CompletableFuture.supplyAsync(operation, workers);
    }

    /** A bounded wait at a barrier, for use inside a fault hook. */
    static void meet(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the barrier", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other operation never reached the barrier", e);
        }
    }

    /** Interrupts every worker: the only way out of a deadlock. */
    @Override
    public void close() throws InterruptedException {
        workers.shutdownNow();
        assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).as("the test's workers stopped").isTrue();
    }
}
