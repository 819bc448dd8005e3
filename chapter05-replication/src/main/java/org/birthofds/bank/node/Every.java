package org.birthofds.bank.node;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A task on a timer, on a daemon thread of its own: how a process runs its recovery pass. */
public final class Every {
    private Every() {
    }

    /** Runs {@code task} every {@code period} (never when zero) until the answer is closed. */
    public static AutoCloseable run(Duration period, String thread, Runnable task) {
        if (period.isZero()) {
            return () -> { };
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }
}
