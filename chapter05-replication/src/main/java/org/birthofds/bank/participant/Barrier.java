package org.birthofds.bank.participant;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A shard's write barrier, for the consistent read across shards: every write takes one shared
 * permit for as long as it runs, and a freeze takes all of them, so while a shard is frozen no
 * write is halfway and none starts. A Semaphore and not a read-write lock because a freeze is
 * taken by one request and let go by another (the thaw, or the lease running out): a lock would
 * belong to the thread that took it. Fair, so a waiting freeze is not starved by new writers.
 */
public final class Barrier {
    private static final int PERMITS = 1 << 20; // more writers than any shard ever runs at once

    private final Semaphore permits = new Semaphore(PERMITS, true);

    /** A write's share of the barrier; closing gives it back. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits while the shard is frozen. */
    public Permit write() {
        permits.acquireUninterruptibly();
        return permits::release;
    }

    /** Waits for the writes under way to finish, and stops new ones; false if that took longer than {@code timeoutMs}. */
    boolean freeze(long timeoutMs) throws InterruptedException {
        return permits.tryAcquire(PERMITS, timeoutMs, TimeUnit.MILLISECONDS);
    }

    void thaw() {
        permits.release(PERMITS);
    }

    /** Whether some write is waiting for a thaw: what a test waits for to know a write met the freeze. */
    public boolean hasWaitingWrites() {
        return permits.hasQueuedThreads();
    }
}
