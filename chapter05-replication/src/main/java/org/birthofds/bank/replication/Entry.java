package org.birthofds.bank.replication;

/**
 * One slot of the replicated log. (term, index) names an entry for good: Raft's Log Matching
 * property says two logs that hold the same (term, index) hold the same command and agree on
 * everything before it. An empty command is the no-op a new leader writes to learn its commit index.
 */
public record Entry(long term, long index, String command) {
    public Entry {
        if (index < 1 || term < 0 || command == null) {
            throw new IllegalArgumentException("bad entry " + index + "/" + term);
        }
    }

    public boolean isNoop() {
        return command.isEmpty();
    }

    @Override
    public String toString() {
        return index + "@" + term + (isNoop() ? ":noop" : ":" + command);
    }
}
