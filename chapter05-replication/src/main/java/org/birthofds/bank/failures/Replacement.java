package org.birthofds.bank.failures;

import java.util.Locale;

/**
 * What becomes of a dead machine. {@link #NEVER}: nothing, the group lives on what is left of its
 * first machines. Otherwise, after a time to replace of {@code days} on average, a fresh machine has
 * joined the group, copied the shard from the others, and taken the dead one's place; the group is
 * whole again. The time is exponential so that one group is a small Markov chain
 * ({@link GroupChain}); for the rare event that matters, a second failure inside the window, only
 * the mean of the window counts to first order, so a fixed 24 h gives about the same answer.
 */
record Replacement(double days) {
    static final Replacement NEVER = new Replacement(Double.POSITIVE_INFINITY);

    Replacement {
        if (!(days > 0)) {
            throw new IllegalArgumentException("A replacement takes some time, not " + days + " days");
        }
    }

    static Replacement afterHours(double hours) {
        return new Replacement(hours / 24);
    }

    boolean never() {
        return days == Double.POSITIVE_INFINITY;
    }

    /** Replacements per day for each dead machine: each one is replaced on its own, in parallel. */
    double rate() {
        return 1 / days; // 0 for NEVER
    }

    String label() {
        return never() ? "never replaced" : "replaced in " + FailureMath.number(days * 24) + " h";
    }

    String shortLabel() {
        return never() ? "never" : String.format(Locale.ROOT, "%s h", FailureMath.number(days * 24));
    }
}
