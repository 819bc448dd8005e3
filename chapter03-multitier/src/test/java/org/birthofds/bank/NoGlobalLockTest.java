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
import org.junit.jupiter.api.Disabled;
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

    @Test
    @Disabled("Exercise 2.3: opens of different ids share one lock; give each id its own, and keep one id's opens exclusive")
    void opens_of_different_ids_run_in_parallel_and_one_id_still_opens_once() throws Exception {
        try (TestBank bank = new TestBank("--locking", "ordered")) {
            // 1. two opens of different ids each wait, between check and write, until the other is inside too
            CyclicBarrier bothInside = new CyclicBarrier(2);
            bank.bank.betweenCheckAndWrite(label -> TestBank.meet(bothInside));
            CompletableFuture<?> alice = bank.onAWorker(() -> bank.bank.open("alice"));
            CompletableFuture<?> bob = bank.onAWorker(() -> bank.bank.open("bob"));
            CompletableFuture.allOf(alice, bob).get(30, TimeUnit.SECONDS);
            // 2. two opens of one id: the first inside waits until the other is blocked, or inside too
            Set<Thread> openers = ConcurrentHashMap.newKeySet();
            AtomicInteger inside = new AtomicInteger();
            bank.bank.betweenCheckAndWrite(label -> {
                if (inside.incrementAndGet() == 1) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> inside.get() == 2 || openers.stream()
                            .anyMatch(t -> t != Thread.currentThread() && t.getState() != Thread.State.RUNNABLE));
                }
            });
            Supplier<Bodies.Account> openCarol = () -> {
                openers.add(Thread.currentThread());
                return bank.bank.open("carol");
            };
            CompletableFuture<?> carol = bank.onAWorker(openCarol);
            CompletableFuture<?> carolAgain = bank.onAWorker(openCarol);
            // 3. exactly one of them opened carol; the other was told she exists
            CompletableFuture.allOf(carol.exceptionally(e -> null), carolAgain.exceptionally(e -> null))
                    .get(30, TimeUnit.SECONDS);
            assertThat(List.of(carol, carolAgain)).filteredOn(f -> !f.isCompletedExceptionally()).hasSize(1);
            assertThat(List.of(carol, carolAgain)).filteredOn(CompletableFuture::isCompletedExceptionally)
                    .singleElement().satisfies(f -> assertThat(f).failsWithin(Duration.ZERO)
                            .withThrowableThat().withCauseInstanceOf(ApiError.class)
                            .withMessageContaining("already exists"));
        }
    }
}
