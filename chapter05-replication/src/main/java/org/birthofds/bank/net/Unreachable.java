package org.birthofds.bank.net;

/** No answer came: the connection was refused, timed out, or broke. The call may or may not have happened. */
public final class Unreachable extends Exception {
    private final boolean timedOut;

    public Unreachable(String message, boolean timedOut) {
        super(message, null, false, false); // an expected outcome: no stack trace
        this.timedOut = timedOut;
    }

    /** The other tier was reached, or may have been, but did not answer in time. */
    public boolean timedOut() {
        return timedOut;
    }
}
