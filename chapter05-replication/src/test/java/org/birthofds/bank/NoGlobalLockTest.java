package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A lock per account, not one for the bank: operations that share no account must be able to run
 * at the same moment, or more workers would only queue at one lock (Amdahl's serial part).
 */
class NoGlobalLockTest {

    @Test
    void transfers_between_disjoint_accounts_run_in_parallel() throws Exception {
        try (TestBank bank = new TestBank("--locking", "ordered")) {
            for (String id : List.of("alice", "bob", "carol", "dave")) {
                bank.fund(id, 100);
            }
            // 1. each transfer, holding its two locks, waits until the other is inside too
            CyclicBarrier bothInside = new CyclicBarrier(2);
            bank.bank.betweenCheckAndWrite(label -> TestBank.meet(bothInside));
            CompletableFuture<?> first = bank.onAWorker(() -> bank.bank.transfer("alice", "bob", 10));
            CompletableFuture<?> second = bank.onAWorker(() -> bank.bank.transfer("carol", "dave", 10));
            // 2. both got there: neither waited for the other's locks
            CompletableFuture.allOf(first, second).get(30, TimeUnit.SECONDS);
            assertThat(bank.balance("bob")).isEqualTo(110);
            assertThat(bank.balance("dave")).isEqualTo(110);
        }
    }
}
