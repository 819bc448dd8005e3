package org.birthofds.bank.replication;

/**
 * A replica's timing (in ticks of the runtime's clock) and the flawed variants the chapter's
 * failure-mode tests switch on. Each flag removes one of Raft's rules, to watch what it was for.
 */
public record Config(int electionTicksMin, int electionTicksMax, int heartbeatTicks, int maxEntriesPerMessage,
                     boolean asyncReplication, boolean noTerms, boolean staleReads, boolean voteForStaleLog,
                     boolean commitOldTermsByCounting, boolean checkQuorum, boolean leaseReads) {
    public Config {
        if (electionTicksMin <= heartbeatTicks || electionTicksMax < electionTicksMin || maxEntriesPerMessage < 1) {
            throw new IllegalArgumentException("an election timeout must be longer than a heartbeat");
        }
    }

    /** Raft as the paper has it: 150-300 ms election timeouts and 50 ms heartbeats at 10 ms a tick. */
    public static Config raft() {
        return new Config(15, 30, 5, 64, false, false, false, false, false, false, false);
    }

    /** At most {@code value} entries per AppendEntries: 1 lets a scripted test move one entry at a time. */
    public Config withMaxEntriesPerMessage(int value) {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, value, asyncReplication, noTerms, staleReads,
                voteForStaleLog, commitOldTermsByCounting, checkQuorum, leaseReads);
    }

    public Config withAsyncReplication() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, true, noTerms, staleReads,
                voteForStaleLog, commitOldTermsByCounting, checkQuorum, leaseReads);
    }

    public Config withNoTerms() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, asyncReplication, true,
                staleReads, voteForStaleLog, commitOldTermsByCounting, checkQuorum, leaseReads);
    }

    public Config withStaleReads() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, asyncReplication, noTerms,
                true, voteForStaleLog, commitOldTermsByCounting, checkQuorum, leaseReads);
    }

    public Config withVoteForStaleLog() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, asyncReplication, noTerms,
                staleReads, true, commitOldTermsByCounting, checkQuorum, leaseReads);
    }

    public Config withCommitOldTermsByCounting() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, asyncReplication, noTerms,
                staleReads, voteForStaleLog, true, checkQuorum, leaseReads);
    }

    /**
     * An option, off by default as in etcd: a leader that has not heard from a majority for an
     * election timeout steps down (exercise 5.4 makes it do that; as shipped nothing reads it).
     */
    public Config withCheckQuorum() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, asyncReplication, noTerms,
                staleReads, voteForStaleLog, commitOldTermsByCounting, true, leaseReads);
    }

    /**
     * An option, off by default as in etcd (its ReadOnlyLeaseBased): a leader answers reads from its
     * own state while a majority answered it recently enough (exercise 5.5 makes it do that; as
     * shipped nothing reads it).
     */
    public Config withLeaseReads() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, asyncReplication, noTerms,
                staleReads, voteForStaleLog, commitOldTermsByCounting, checkQuorum, true);
    }

    public String flaws() {
        String flaws = (asyncReplication ? " asyncReplication" : "") + (noTerms ? " noTerms" : "")
                + (staleReads ? " staleReads" : "") + (voteForStaleLog ? " voteForStaleLog" : "")
                + (commitOldTermsByCounting ? " commitOldTermsByCounting" : "");
        return flaws.isEmpty() ? "none (Raft)" : flaws.trim();
    }
}
