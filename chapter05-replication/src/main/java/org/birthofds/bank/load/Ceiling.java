package org.birthofds.bank.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The generator's own ceiling: the same clients in a closed loop against GET /health, which does
 * no banking work. If the bank run comes close to this rate, the generator (or the HTTP stack
 * on both sides) is the bottleneck, not the bank.
 */
final class Ceiling {

    private Ceiling() {
    }

    /** Answered health checks per second. */
    static double measure(BankClient bank, int clients, double seconds) throws InterruptedException {
        LongAdder answered = new LongAdder();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> askUntil(bank, end, answered), "ceiling-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return answered.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static void askUntil(BankClient bank, long end, LongAdder answered) {
        try {
            while (System.nanoTime() - end < 0) {
                if (bank.health().ok()) {
                    answered.increment();
                }
            }
        } catch (IOException e) {
            // The server went away: the rate so far is the answer.
        }
    }
}
