package org.birthofds.bank.net;

/** No answer came: the connection was refused, timed out, or broke. The call may or may not have happened. */
public final class Unreachable extends Exception {
    private final boolean timedOut;
    private final boolean neverSent;

    public Unreachable(String message, boolean timedOut) {
        this(message, timedOut, false);
    }

    /** @param neverSent the connection was never made, so the request surely did not happen */
    public Unreachable(String message, boolean timedOut, boolean neverSent) {
        super(message, null, false, false); // an expected outcome: no stack trace
        this.timedOut = timedOut;
        this.neverSent = neverSent;
    }

    /** The other tier was reached, or may have been, but did not answer in time. */
    public boolean timedOut() {
        return timedOut;
    }

    /**
     * Chapter 5: nothing was sent (the connection was refused, or not made in time), so the call did
     * not happen, and sending it to another replica is safe even for a write without a key.
     */
    public boolean neverSent() {
        return neverSent;
    }
}
