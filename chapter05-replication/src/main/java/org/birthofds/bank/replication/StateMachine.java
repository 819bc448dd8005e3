package org.birthofds.bank.replication;

/**
 * What the log is replicated for: every replica feeds the same committed commands, in the same
 * order, exactly once, into its own copy, so every copy ends in the same state. Must be
 * deterministic: no clock, no randomness, no I/O. The simulator plugs in a small ledger; the
 * chapter's module plugs in the bank engine of chapters 1-2.
 */
public interface StateMachine {
    /** Applies one committed command and returns the answer the client gets. */
    String apply(String command);

    /** Answers a query from the current state without changing it. */
    String read(String query);

    /**
     * Everything the state holds, as of the last command applied: a replica keeps this instead of
     * the log before it, so the log can be thrown away (compaction), and a follower too far behind
     * is sent this instead of entries the leader no longer has. Deterministic, like apply: two
     * copies that applied the same commands give the same snapshot.
     */
    String snapshot();

    /**
     * Replaces the whole state with a {@link #snapshot()}'s: afterwards this copy answers every
     * command and query exactly as the copy that took the snapshot did.
     */
    void restore(String snapshot);
}
