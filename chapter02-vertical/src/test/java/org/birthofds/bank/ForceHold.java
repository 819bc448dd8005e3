package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A fault hook: holds the journal's next force until the test lets go, like a slow disk. */
final class ForceHold {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean taken = new AtomicBoolean();

    private ForceHold() {
    }

    static ForceHold onNext(Journal journal) {
        ForceHold hold = new ForceHold();
        journal.beforeForce(hold::holdOnce);
        return hold;
    }

    void awaitHeld() throws InterruptedException {
        assertThat(held.await(30, TimeUnit.SECONDS)).as("a writer reached the force").isTrue();
    }

    void release() {
        release.countDown();
    }

    private void holdOnce() {
        if (!taken.compareAndSet(false, true)) {
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
