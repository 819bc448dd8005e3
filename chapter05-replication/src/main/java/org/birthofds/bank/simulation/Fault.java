package org.birthofds.bank.simulation;

import java.util.List;

/**
 * One injected fault at a virtual time. {@code nodes} is what it acts on (a replica such as
 * "s1n2" or a logic node such as "l2"); for a partition, {@code nodes} is one side and
 * {@code others} the other (replicas named on neither side join {@code others}; logic nodes and
 * clients named on neither side reach everyone). {@code group} names the shard group whose
 * current leader a CRASH_LEADER or ISOLATE_LEADER means. The armed kinds wait, from their time
 * on, for the next cross-shard transfer to reach their point of the protocol.
 */
public record Fault(long at, Kind kind, String group, List<String> nodes, List<String> others, long millis) {
    public enum Kind {
        CRASH, CRASH_TORN, RESTART, CRASH_LEADER, PARTITION, ISOLATE_LEADER, HEAL,
        /** The replica (or the group's leader) dies between two steps of the next batch it carries out. */
        CRASH_MID_BATCH, CRASH_LEADER_MID_BATCH,
        /** The replica (or the group's leader) is frozen for {@code millis}: no timer runs, messages wait. */
        PAUSE, PAUSE_LEADER,
        /** Everything the replica sends for {@code millis} arrives only once that time is over. */
        STALL,
        /** Every replica of {@code group} that is down starts again on its disk. */
        RESTART_GROUP,
        /** The group's leader dies in the step in which its commit index next moves, before it tells anyone. */
        CRASH_LEADER_ON_COMMIT,
        /** The group's next leader dies in the step in which it wins, before its first AppendEntries leaves. */
        CRASH_NEXT_LEADER_ON_ELECTION,
        /** The group's next replica to grant a vote dies in that step, at a seeded point of its batch. */
        CRASH_NEXT_VOTER,
        /** The logic node coordinating the next cross-shard transfer dies between its intent and its decision. */
        CRASH_COORDINATOR,
        /** The payer group's leader dies right after it has prepared the next cross-shard transfer's record. */
        CRASH_PAYER_LEADER,
        /** The next coordinator stalls {@code millis} between its intent and its decision (a long GC pause), then commits. */
        PAUSE_COORDINATOR,
        /** Each replica of {@code group} dies in the batch of its next compaction, and starts again {@code millis} later. */
        CRASH_ON_COMPACTION,
        /**
         * A machine of {@code group} (a follower, drawn by {@code millis}; or its leader) is gone for
         * good, its disk with it: a new machine joins as a learner, is promoted, and the old one removed.
         */
        REPLACE_FOLLOWER, REPLACE_LEADER,
        /** A new machine joins {@code group} as a learner and is promoted: one more voter. */
        GROW,
        /** The operator removes {@code group}'s leader, which hands over once that is committed. */
        REMOVE_LEADER,
        /** The single-server change bug reported on raft-dev in 2015, staged on {@code group} (see Operator). */
        RAFT_DEV_2015,
        /** A follower of {@code group} loses its disk and is started again under its old id, staged to bite (see Operator). */
        LOSE_DISK
    }

    public Fault {
        nodes = List.copyOf(nodes);
        others = List.copyOf(others);
    }

    public static Fault crash(long at, String node) {
        return new Fault(at, Kind.CRASH, null, List.of(node), List.of(), 0);
    }

    /** Crash during the replica's next write, before it is forced: the tail may be torn. */
    public static Fault crashTorn(long at, String node) {
        return new Fault(at, Kind.CRASH_TORN, null, List.of(node), List.of(), 0);
    }

    public static Fault restart(long at, String node) {
        return new Fault(at, Kind.RESTART, null, List.of(node), List.of(), 0);
    }

    /** Crash whoever leads {@code group} at that moment; it stays down until everything heals. */
    public static Fault crashLeader(long at, String group) {
        return new Fault(at, Kind.CRASH_LEADER, group, List.of(), List.of(), 0);
    }

    /**
     * Crash at a seeded point of the next batch the replica carries out (a write, its force, and each
     * message and answer are steps): after the write and before the force, after the force and
     * before the messages, or between two messages. What was forced survives; of the rest, a prefix.
     */
    public static Fault crashMidBatch(long at, String node) {
        return new Fault(at, Kind.CRASH_MID_BATCH, null, List.of(node), List.of(), 0);
    }

    /** As {@link #crashMidBatch}, on whoever leads {@code group} then; it stays down until everything heals. */
    public static Fault crashLeaderMidBatch(long at, String group) {
        return new Fault(at, Kind.CRASH_LEADER_MID_BATCH, group, List.of(), List.of(), 0);
    }

    /**
     * A process stopped and continued (SIGSTOP, a long GC pause, a VM migrated): for {@code millis}
     * the replica does nothing; then it carries on from its old state, its timers where they were,
     * and takes every message that waited for it, in order.
     */
    public static Fault pause(long at, String node, long millis) {
        return new Fault(at, Kind.PAUSE, null, List.of(node), List.of(), millis);
    }

    public static Fault pauseLeader(long at, String group, long millis) {
        return new Fault(at, Kind.PAUSE_LEADER, group, List.of(), List.of(), millis);
    }

    /**
     * The replica's links stall (a full send buffer, a congested switch): for {@code millis}, what it
     * sends waits, and arrives once the stall is over, in order, its terms perhaps long past.
     */
    public static Fault stall(long at, String node, long millis) {
        return new Fault(at, Kind.STALL, null, List.of(node), List.of(), millis);
    }

    /** A new leader's first commit, or any leader's next: the moment only the leader knows what is committed. */
    public static Fault crashLeaderOnCommit(long at, String group) {
        return new Fault(at, Kind.CRASH_LEADER_ON_COMMIT, group, List.of(), List.of(), 0);
    }

    /** A leader elected and gone at once: its no-op, of a new term, is on its disk alone. */
    public static Fault crashNextLeaderOnElection(long at, String group) {
        return new Fault(at, Kind.CRASH_NEXT_LEADER_ON_ELECTION, group, List.of(), List.of(), 0);
    }

    /** A vote given, and the voter gone: its disk must still remember whom it voted for. */
    public static Fault crashNextVoter(long at, String group) {
        return new Fault(at, Kind.CRASH_NEXT_VOTER, group, List.of(), List.of(), 0);
    }

    public static Fault restartGroup(long at, String group) {
        return new Fault(at, Kind.RESTART_GROUP, group, List.of(), List.of(), 0);
    }

    public static Fault partition(long at, List<String> side, List<String> others) {
        return new Fault(at, Kind.PARTITION, null, side, others, 0);
    }

    /** Cut whoever leads {@code group} at that moment, with {@code with}, off from the other replicas and {@code others}. */
    public static Fault isolateLeader(long at, String group, List<String> with, List<String> others) {
        return new Fault(at, Kind.ISOLATE_LEADER, group, with, others, 0);
    }

    public static Fault heal(long at) {
        return new Fault(at, Kind.HEAL, null, List.of(), List.of(), 0);
    }

    /** Stays down until everything heals: its transfer is left to the recovery passes of the other logic nodes. */
    public static Fault crashCoordinator(long at) {
        return new Fault(at, Kind.CRASH_COORDINATOR, null, List.of(), List.of(), 0);
    }

    /** Stays down until everything heals: the group must decide the transfer without it. */
    public static Fault crashPayerLeader(long at) {
        return new Fault(at, Kind.CRASH_PAYER_LEADER, null, List.of(), List.of(), 0);
    }

    /** Long enough, and the recovery passes abort the record while the late commit is on its way: the log orders them. */
    public static Fault pauseCoordinator(long at, long millis) {
        return new Fault(at, Kind.PAUSE_COORDINATOR, null, List.of(), List.of(), millis);
    }

    /** Snapshot written, journal not yet rewritten; or both, and the messages after them not yet sent. */
    public static Fault crashOnCompaction(long at, String group, long millis) {
        return new Fault(at, Kind.CRASH_ON_COMPACTION, group, List.of(), List.of(), millis);
    }

    public static Fault replaceFollower(long at, String group, long draw) {
        return new Fault(at, Kind.REPLACE_FOLLOWER, group, List.of(), List.of(), draw);
    }

    public static Fault replaceLeader(long at, String group) {
        return new Fault(at, Kind.REPLACE_LEADER, group, List.of(), List.of(), 0);
    }

    public static Fault grow(long at, String group) {
        return new Fault(at, Kind.GROW, group, List.of(), List.of(), 0);
    }

    public static Fault raftDev2015(long at, String group) {
        return new Fault(at, Kind.RAFT_DEV_2015, group, List.of(), List.of(), 0);
    }

    public static Fault loseDisk(long at, String group) {
        return new Fault(at, Kind.LOSE_DISK, group, List.of(), List.of(), 0);
    }

    public static Fault removeLeader(long at, String group) {
        return new Fault(at, Kind.REMOVE_LEADER, group, List.of(), List.of(), 0);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case CRASH -> "crash " + nodes.get(0);
            case CRASH_TORN -> "crash " + nodes.get(0) + " mid-write (torn tail)";
            case RESTART -> "restart " + nodes.get(0);
            case CRASH_LEADER -> "crash the leader of " + group;
            case PARTITION -> "partition " + nodes + " | " + (others.isEmpty() ? "the other replicas" : others);
            case ISOLATE_LEADER -> "isolate the leader of " + group + (nodes.isEmpty() ? "" : " with " + nodes)
                    + (others.isEmpty() ? "" : " | " + others);
            case HEAL -> "heal the network";
            case CRASH_MID_BATCH -> "crash " + nodes.get(0) + " in the middle of its next batch";
            case CRASH_LEADER_MID_BATCH -> "crash the leader of " + group + " in the middle of its next batch";
            case PAUSE -> "pause " + nodes.get(0) + " for " + millis + " ms";
            case STALL -> "stall what " + nodes.get(0) + " sends for " + millis + " ms";
            case RESTART_GROUP -> "restart the replicas of " + group + " that are down";
            case CRASH_LEADER_ON_COMMIT -> "crash the leader of " + group + " as its commit index next moves";
            case CRASH_NEXT_LEADER_ON_ELECTION -> "crash the next leader of " + group + " as it wins";
            case CRASH_NEXT_VOTER -> "crash the next replica of " + group + " to grant a vote, as it grants it";
            case PAUSE_LEADER -> "pause the leader of " + group + " for " + millis + " ms";
            case CRASH_COORDINATOR -> "crash the next coordinator between its intent and its decision";
            case CRASH_PAYER_LEADER -> "crash the payer group's leader right after the next record is prepared";
            case PAUSE_COORDINATOR -> "pause the next coordinator " + millis + " ms between its intent and its decision";
            case CRASH_ON_COMPACTION -> "crash each replica of " + group + " as it next compacts, and restart it " + millis
                    + " ms later";
            case REPLACE_FOLLOWER -> "replace a follower of " + group + " (gone for good, its disk too) with a new machine";
            case REPLACE_LEADER -> "replace the leader of " + group + " (gone for good, its disk too) with a new machine";
            case GROW -> "add a new machine to " + group + " as a learner, then a voter";
            case REMOVE_LEADER -> "remove the leader of " + group + " from its group";
            case RAFT_DEV_2015 -> "stage the single-server change bug (raft-dev, 2015) on " + group;
            case LOSE_DISK -> "a follower of " + group + " loses its disk and comes back at once under its old id";
        };
        return "t=" + at + "ms " + what;
    }
}
