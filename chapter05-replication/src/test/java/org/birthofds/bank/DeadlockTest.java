package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Alice pays Bob while Bob pays Alice. Locking each transfer's accounts in argument order lets
 * the two take one lock each and wait for the other forever; one global order cannot.
 */
class DeadlockTest {

    @Test
    void locking_in_argument_order_deadlocks_opposite_transfers() throws Exception {
        try (TestBank bank = fundedBank("--locking", "argument-order")) {
            // 1. each transfer takes its first lock, then waits for the other to take its own
            CyclicBarrier bothHoldOne = new CyclicBarrier(2);
            bank.locks.afterFirstLock(id -> TestBank.meet(bothHoldOne));
            CompletableFuture<?> aliceToBob = bank.onAWorker(() -> bank.bank.transfer("alice", "bob", 10));
            CompletableFuture<?> bobToAlice = bank.onAWorker(() -> bank.bank.transfer("bob", "alice", 10));
            // 2. each now waits for the lock the other holds: the JVM itself finds the cycle
            await().atMost(Duration.ofSeconds(30)).until(() -> deadlockedTestWorkers().size() == 2);
            assertThat(aliceToBob).isNotDone();
            assertThat(bobToAlice).isNotDone();
        } // 3. closing interrupts both workers, the only way out
    }

    @Test
    void locking_in_one_global_order_completes_opposite_transfers() throws Exception {
        try (TestBank bank = fundedBank("--locking", "ordered")) {
            // 1. alice->bob takes alice's lock, and waits until bob->alice is queued behind it
            Account alice = bank.accounts.get("alice");
            AtomicBoolean first = new AtomicBoolean(true);
            bank.locks.afterFirstLock(id -> {
                if (first.getAndSet(false)) {
                    await().atMost(Duration.ofSeconds(30)).until(alice.lock::hasQueuedThreads);
                }
            });
            CompletableFuture<?> aliceToBob = bank.onAWorker(() -> bank.bank.transfer("alice", "bob", 10));
            await().atMost(Duration.ofSeconds(30)).until(alice.lock::isLocked);
            CompletableFuture<?> bobToAlice = bank.onAWorker(() -> bank.bank.transfer("bob", "alice", 10));
            // 2. bob->alice also wanted alice's lock first, so it held nothing alice->bob needs
            CompletableFuture.allOf(aliceToBob, bobToAlice).get(30, TimeUnit.SECONDS);
            assertThat(bank.balance("alice")).isEqualTo(100);
            assertThat(bank.balance("bob")).isEqualTo(100);
            assertThat(deadlockedTestWorkers()).isEmpty();
        }
    }

    private static TestBank fundedBank(String... flags) {
        TestBank bank = new TestBank(flags);
        bank.fund("alice", 100);
        bank.fund("bob", 100);
        return bank;
    }


    private static List<String> deadlockedTestWorkers() {
        long[] ids = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        if (ids == null) {
            return List.of();
        }
        return Arrays.stream(ManagementFactory.getThreadMXBean().getThreadInfo(ids))
                .map(ThreadInfo::getThreadName)
                .filter(name -> name.startsWith(TestBank.THREAD_NAME))
                .toList();
    }
}
