package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A fault hook: holds the worker inside the first task whose label matches, until the test lets
 * go. This is how a test makes "a slow request" happen exactly when it wants, without sleeping.
 */
final class WorkerHold {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean taken = new AtomicBoolean();

    private WorkerHold() {
    }

    static WorkerHold onFirst(Worker worker, Predicate<String> label) {
        WorkerHold hold = new WorkerHold();
        worker.beforeEachTask(l -> hold.holdIf(label.test(l)));
        return hold;
    }

    /** Waits until the worker is inside the held task. */
    void awaitHeld() throws InterruptedException {
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the worker reached the held task").isTrue();
    }

    void release() {
        release.countDown();
    }

    private void holdIf(boolean matches) {
        if (!matches || !taken.compareAndSet(false, true)) {
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
