package org.birthofds.bank;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST ONLY: holds one journal write at a chosen point, forever, so that a crash test can kill
 * the process at the worst moment instead of a lucky one. Off unless the system property
 * {@code bank.faults} is set when the JVM starts, for example
 *
 * <pre>  -Dbank.faults=after-append:deposit alice     (written, not yet forced)
 *   -Dbank.faults=after-force:deposit alice      (forced, not yet answered)</pre>
 *
 * which holds the first write whose command starts with {@code deposit alice}, and logs one
 * {@code Fault: held ...} line when it gets there. Nothing else in the bank reads the property.
 */
final class Faults {
    static final String PROPERTY = "bank.faults";
    static final String AFTER_APPEND = "after-append";
    static final String AFTER_FORCE = "after-force";
    /** Read once: the flag cannot be switched on in a running bank. */
    static final Faults ACTIVE = parse(System.getProperty(PROPERTY));

    private static final Logger log = LoggerFactory.getLogger(Faults.class);

    private final String point; // null: off
    private final String command;
    private final AtomicBoolean taken = new AtomicBoolean();
    private volatile long heldEnd = -1;

    private Faults(String point, String command) {
        this.point = point;
        this.command = command;
    }

    static Faults parse(String value) {
        if (value == null || value.isEmpty()) {
            return new Faults(null, null);
        }
        int colon = value.indexOf(':');
        String point = colon < 0 ? value : value.substring(0, colon);
        if (!point.equals(AFTER_APPEND) && !point.equals(AFTER_FORCE)) {
            throw new IllegalArgumentException("-D" + PROPERTY + " takes " + AFTER_APPEND + ":<command> or "
                    + AFTER_FORCE + ":<command>, not " + ApiError.quote(value));
        }
        return new Faults(point, colon < 0 ? "" : value.substring(colon + 1));
    }

    /** The record of {@code written} ends at {@code end} and is written, not yet forced. */
    void afterAppend(Command written, long end) {
        if (point == null || !Command.encode(written).startsWith(command) || !taken.compareAndSet(false, true)) {
            return;
        }
        if (point.equals(AFTER_APPEND)) {
            hold(AFTER_APPEND + " of " + Command.encode(written) + ", ending at offset " + end);
        }
        heldEnd = end; // after-force: hold this same record once it is forced
    }

    /** Everything up to {@code end} is forced; the answer is not sent yet. */
    void afterForce(long end) {
        if (point != null && end == heldEnd && point.equals(AFTER_FORCE)) {
            hold(AFTER_FORCE + " of the record ending at offset " + end);
        }
    }

    private static void hold(String where) {
        log.warn("Fault: held {}", where);
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await(); // until the test kills the process
            } catch (InterruptedException e) {
                // a hold ignores interrupts: only the kill ends it
            }
        }
    }
}
