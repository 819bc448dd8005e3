package org.birthofds.bank.replication;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A replica's timing (in ticks of the runtime's clock), its options, and the rules the chapter's
 * tests break on purpose: each broken {@link Rule} removes one of Raft's rules, to watch what it
 * was for. {@link #raft()} breaks none.
 */
public record Config(int electionTicksMin, int electionTicksMax, int heartbeatTicks, int maxEntriesPerMessage,
                     Set<Rule> broken, boolean checkQuorum, boolean leaseReads, SnapshotPolicy snapshots) {
    /**
     * When a replica snapshots its state machine and throws its log away: once {@code every}
     * entries were applied since its last snapshot (0: never). It keeps the last {@code keep} of
     * them all the same, so that a follower a little behind gets entries and not the whole state.
     * A snapshot travels in messages of at most {@code chunk} characters.
     */
    public record SnapshotPolicy(int every, int keep, int chunk) {
        public SnapshotPolicy {
            if (every < 0 || keep < 0 || chunk < 1) {
                throw new IllegalArgumentException("bad snapshot policy " + every + "/" + keep + "/" + chunk);
            }
        }

        /**
         * A replica's {@code --snapshot-every}: every {@code every} entries (0: never), keeping as many
         * behind as Raft's default keeps, at most, and sending it 64 K characters at a time.
         */
        public static SnapshotPolicy of(int every) {
            return new SnapshotPolicy(every, Math.min(every, RAFT_SNAPSHOTS.keep()), RAFT_SNAPSHOTS.chunk());
        }
    }

    public Config {
        if (electionTicksMin <= heartbeatTicks || electionTicksMax < electionTicksMin || maxEntriesPerMessage < 1) {
            throw new IllegalArgumentException("an election timeout must be longer than a heartbeat");
        }
        broken = broken.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(broken));
    }

    /** A snapshot every 10,000 entries, 1,000 kept behind it, sent 64 K characters at a time. */
    static final SnapshotPolicy RAFT_SNAPSHOTS = new SnapshotPolicy(10_000, 1_000, 65_536);

    /** Snapshots taken and sent as {@code policy} says. */
    public Config withSnapshots(SnapshotPolicy policy) {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, broken, checkQuorum,
                leaseReads, policy);
    }

    /** Raft as the paper has it: 150-300 ms election timeouts and 50 ms heartbeats at 10 ms a tick. */
    public static Config raft() {
        return new Config(15, 30, 5, 64, Set.of(), false, false, RAFT_SNAPSHOTS);
    }

    /**
     * Election timeouts drawn from {@code ticksMin} to twice that, and a heartbeat three times in the
     * shortest: the trade-off of a replica's {@code --election-ms} (a short one fails over fast, and
     * mistakes a late heartbeat on a busy machine for a dead leader sooner).
     */
    public Config withElectionTicks(int ticksMin) {
        return new Config(ticksMin, 2 * ticksMin, Math.max(1, ticksMin / 3), maxEntriesPerMessage, broken, checkQuorum,
                leaseReads, snapshots);
    }

    /** At most {@code value} entries per AppendEntries: 1 lets a scripted test move one entry at a time. */
    public Config withMaxEntriesPerMessage(int value) {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, value, broken, checkQuorum, leaseReads,
                snapshots);
    }

    /** The same replica with these rules broken on purpose. */
    public Config without(Rule... rules) {
        Set<Rule> more = EnumSet.noneOf(Rule.class);
        more.addAll(broken);
        more.addAll(Set.of(rules));
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, more, checkQuorum,
                leaseReads, snapshots);
    }

    public boolean breaks(Rule rule) {
        return broken.contains(rule);
    }

    /**
     * An option, off by default as in etcd: a leader that has not heard from a majority for an
     * election timeout steps down (exercise 5.4 makes it do that; as shipped nothing reads it).
     */
    public Config withCheckQuorum() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, broken, true,
                leaseReads, snapshots);
    }

    /**
     * An option, off by default as in etcd (its ReadOnlyLeaseBased): a leader answers reads from its
     * own state while a majority answered it recently enough (exercise 5.5 makes it do that; as
     * shipped nothing reads it).
     */
    public Config withLeaseReads() {
        return new Config(electionTicksMin, electionTicksMax, heartbeatTicks, maxEntriesPerMessage, broken, checkQuorum,
                true, snapshots);
    }

    /** The broken rules, for a failure report. */
    public String flaws() {
        return broken.isEmpty() ? "none (Raft)"
                : broken.stream().sorted().map(Rule::name).collect(Collectors.joining(" "));
    }
}
