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

    /** A change of the group's members (see {@link Members}): Raft's own, never the state machine's. */
    public boolean isMembers() {
        return Members.isMembers(command);
    }

    /** A command for the state machine: neither a no-op nor a change of members. */
    public boolean isCommand() {
        return !isNoop() && !isMembers();
    }

    @Override
    public String toString() {
        return index + "@" + term + (isNoop() ? ":noop" : ":" + command);
    }
}
