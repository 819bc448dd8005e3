package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault hook: holds each of the first few matching tasks where it stands, until the test lets
 * go. This is how a test makes "a slow request" or "a slow disk" happen exactly when it wants,
 * without sleeping.
 */
final class Hold {
    private final CountDownLatch held;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger toTake;
    private final AtomicInteger matched = new AtomicInteger();

    private Hold(int count) {
        this.held = new CountDownLatch(count);
        this.toTake = new AtomicInteger(count);
    }

    /** Holds a worker inside the first task whose label matches. */
    static Hold onWorker(Worker worker, Predicate<String> label) {
        return onWorker(worker, label, 1);
    }

    /** Holds a worker inside each of the first {@code count} tasks whose label matches. */
    static Hold onWorker(Worker worker, Predicate<String> label, int count) {
        Hold hold = new Hold(count);
        worker.beforeEachTask(l -> hold.holdIf(label.test(l)));
        return hold;
    }

    /** Pauses the data tier: holds each of the first {@code count} requests that match, before any work. */
    static Hold onDataTier(BankNode data, Predicate<String> request, int count) {
        Hold hold = new Hold(count);
        data.testHooks().beforeEachRequest(r -> hold.holdIf(request.test(r)));
        return hold;
    }

    /** Holds the journal's next force, like a slow disk: writers keep appending behind it. */
    static Hold onNextForce(Journal journal) {
        Hold hold = new Hold(1);
        journal.beforeForce(() -> hold.holdIf(true));
        return hold;
    }

    /** Waits until every held task is inside the hook. */
    void awaitHeld() throws InterruptedException {
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the held tasks reached the hook").isTrue();
    }

    /** How many tasks matched so far, held or not. */
    int matched() {
        return matched.get();
    }

    void release() {
        release.countDown();
    }

    private void holdIf(boolean matches) {
        if (!matches) {
            return;
        }
        matched.incrementAndGet();
        if (toTake.getAndDecrement() <= 0) {
            return;
        }
        held.countDown();
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
