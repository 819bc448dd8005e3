package org.birthofds.bank.load;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When one client's next request is due, and when the client is done.
 *
 * Closed loop: a request is due the moment the previous answer arrives, so the server sets the
 * pace. Open loop: request i of the whole run is due at start + i / rate no matter how the server
 * is doing, and client c sends requests c, c + clients, c + 2 * clients, ... so the clients share
 * the rate evenly.
 */
final class Schedule {

    private final LoadOptions options;
    private final int client;
    private final long start;
    private final long end;
    private final AtomicLong claimed;
    private long sent;
    private long due;

    /** {@code claimed} is shared by all clients: a closed loop with --requests takes from one pool. */
    Schedule(LoadOptions options, int client, long startNanos, AtomicLong claimed) {
        this.options = options;
        this.client = client;
        this.start = startNanos;
        this.end = startNanos + (long) (options.durationSeconds() * 1e9);
        this.claimed = claimed;
    }

    /** Claims the next request; false when this client has no more to send. */
    boolean next() {
        if (options.closedLoop()) {
            due = System.nanoTime();
            return options.byCount() ? claimed.getAndIncrement() < options.requests() : due - end < 0;
        }
        long i = client + sent * options.clients();
        sent++;
        due = start + (long) (i * 1e9 / options.rate());
        return options.byCount() ? i < options.requests() : due - end < 0;
    }

    /** The System.nanoTime at which the claimed request was due. */
    long due() {
        return due;
    }
}
