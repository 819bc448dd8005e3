package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault hook: holds a worker inside each of the first tasks whose label matches, until the test
 * lets go. This is how a test makes "a slow request" happen exactly when it wants, without sleeping.
 */
final class WorkerHold {
    private final CountDownLatch held;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger toTake;

    private WorkerHold(int count) {
        this.held = new CountDownLatch(count);
        this.toTake = new AtomicInteger(count);
    }

    static WorkerHold onFirst(Worker worker, Predicate<String> label) {
        return onFirst(worker, label, 1);
    }

    static WorkerHold onFirst(Worker worker, Predicate<String> label, int count) {
        WorkerHold hold = new WorkerHold(count);
        worker.beforeEachTask(l -> hold.holdIf(label.test(l)));
        return hold;
    }

    /** Waits until every held task is inside the hook. */
    void awaitHeld() throws InterruptedException {
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the workers reached the held tasks").isTrue();
    }

    void release() {
        release.countDown();
    }

    private void holdIf(boolean matches) {
        if (!matches || toTake.getAndDecrement() <= 0) {
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
