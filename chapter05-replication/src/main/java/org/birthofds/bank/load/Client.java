package org.birthofds.bank.load;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** One simulated user: sends its workload on its schedule and times every answer. */
final class Client implements Runnable {

    private final Schedule schedule;
    private final Workload workload;
    private final BankClient bank;
    private final Tally tally;
    // Each client records into its own histogram (no locking on the hot path); merged at the end.
    private final Histogram latency = new Histogram(3);

    Client(Schedule schedule, Workload workload, BankClient bank, Tally tally) {
        this.schedule = schedule;
        this.workload = workload;
        this.bank = bank;
        this.tally = tally;
    }

    @Override
    public void run() {
        try {
            while (schedule.next()) {
                long start = startOf(schedule.due());
                perform(workload.next());
                latency.recordValue((System.nanoTime() - start) / 1000);
            }
        } finally {
            tally.add(latency);
        }
    }

    private void perform(Operation operation) {
        try {
            tally.answered(operation, operation.sendTo(bank));
        } catch (IOException e) {
            tally.failed(operation, e);
        }
    }

    /**
     * Waits until the request is due, and says when its latency starts.
     *
     * If the client is already late, it is because the server was slow to answer the previous
     * request, so latency runs from when this one was DUE: a user who wanted to act then waited
     * all along. Timing from the send instead would hide a stall, because the requests that
     * should have gone out during it go out late and each then looks fast ("coordinated
     * omission": the generator politely stops asking while the server is slow). In a closed
     * loop a request is due the moment it is sent, so this is the plain round trip.
     *
     * If the client is early, it sleeps. The OS wakes it up late (about 90 µs on our machine),
     * which is not the server's doing, so latency then runs from the actual send.
     */
    private static long startOf(long due) {
        if (System.nanoTime() - due >= 0) {
            return due;
        }
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
        return System.nanoTime();
    }
}
