package org.birthofds.bank.load;

import java.io.PrintStream;
import java.util.concurrent.locks.LockSupport;

/** Prints one line per second while the run goes, so a reader sees a stall when it happens. */
final class Progress implements AutoCloseable {

    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    static Progress start(Tally tally, long startNanos, PrintStream out) {
        Thread thread = new Thread(() -> report(tally, startNanos, out), "progress");
        thread.setDaemon(true);
        thread.start();
        return new Progress(thread);
    }

    private static void report(Tally tally, long startNanos, PrintStream out) {
        long before = 0;
        for (int second = 1; ; second++) {
            // Wake on the second boundaries of the run, not a second after the last line, so
            // printing time does not accumulate into drift.
            long wake = startNanos + second * 1_000_000_000L;
            long left;
            while ((left = wake - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
            long total = tally.requests();
            out.printf("%5d s %9d req/s %11d requests %7d errors%n", second, total - before, total, tally.errors());
            before = total;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
