package org.birthofds.bank.group;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.birthofds.bank.replication.Effect.Persist;
import org.birthofds.bank.replication.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST ONLY: holds one write of a replica's journal at a chosen point, forever, so that a test can
 * kill the process at the worst moment instead of a lucky one (chapter 1's fault hook, for the
 * Raft journal). Off unless the system property {@code replica.faults} is set when the JVM starts:
 *
 * <pre>  -Dreplica.faults=after-write:TEXT     (written, not yet forced)
 *   -Dreplica.faults=after-force:TEXT     (forced; the batch's messages and answers not yet sent)</pre>
 *
 * holds the first write that carries an entry whose command contains {@code TEXT}, and logs one
 * {@code Fault: held ...} line when it gets there. Nothing else reads the property.
 */
final class HeldWrite {
    static final String PROPERTY = "replica.faults";
    static final String AFTER_WRITE = "after-write";
    static final String AFTER_FORCE = "after-force";
    /** Read once: the hook cannot be switched on in a running replica. */
    static final HeldWrite ACTIVE = parse(System.getProperty(PROPERTY));

    private static final Logger log = LoggerFactory.getLogger(HeldWrite.class);

    private final String point; // null: off
    private final String text;
    private final AtomicBoolean taken = new AtomicBoolean();

    private HeldWrite(String point, String text) {
        this.point = point;
        this.text = text;
    }

    static HeldWrite parse(String value) {
        if (value == null || value.isEmpty()) {
            return new HeldWrite(null, null);
        }
        int colon = value.indexOf(':');
        String point = colon < 0 ? value : value.substring(0, colon);
        if (!point.equals(AFTER_WRITE) && !point.equals(AFTER_FORCE) || colon < 0) {
            throw new IllegalArgumentException("-D" + PROPERTY + " takes " + AFTER_WRITE + ":TEXT or " + AFTER_FORCE
                    + ":TEXT, not " + value);
        }
        return new HeldWrite(point, value.substring(colon + 1));
    }

    void afterWrite(Persist persist) {
        holdIf(AFTER_WRITE, persist);
    }

    void afterForce(Persist persist) {
        holdIf(AFTER_FORCE, persist);
    }

    private void holdIf(String here, Persist persist) {
        if (!here.equals(point) || persist.entries().stream().map(Entry::command).noneMatch(c -> c.contains(text))
                || !taken.compareAndSet(false, true)) {
            return;
        }
        log.warn("Fault: held {} of the write carrying \"{}\"", here, text);
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
