package org.birthofds.bank.net;

/**
 * The time that deadlines between tiers are measured by. A seam, not a convenience: a test moves
 * it by hand ({@code HttpRemoteTest}), so that a timeout happens when the test says, never when
 * the machine is slow.
 */
public interface Clock {
    Clock SYSTEM = System::nanoTime;

    /** Nanoseconds since some fixed moment, as {@link System#nanoTime()}: for measuring, not for dates. */
    long nanoTime();
}
