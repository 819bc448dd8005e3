package org.birthofds.bank.replication;

import java.util.List;

/**
 * What replicas say to each other: Raft's two RPCs and their answers, as one-way messages (the
 * network may lose, repeat or reorder any of them, so none of them may assume a reply comes).
 * Every message carries its sender's term: a higher term anywhere deposes whoever sees it.
 */
public sealed interface Message permits Message.VoteMessage, Message.AppendEntries, Message.SnapshotMessage,
        Message.TimeoutNow, Message.Promise {
    long term();

    String from();

    String to();

    /**
     * A message that binds its sender: a vote, or word that it holds entries or a snapshot. A
     * promise is only as good as the disk that keeps it, so it names that disk: a replica that
     * lost its disk has forgotten its promises, and the group refuses what it promises under its
     * old id (see {@link Members}).
     */
    sealed interface Promise extends Message permits RequestVote, Vote, Appended, SnapshotReceived {
        String disk();
    }

    /** The election's messages, handled by {@link Election}. */
    sealed interface VoteMessage extends Message permits RequestVote, Vote, PreVote, PreVoteAnswer {
    }

    /**
     * Exercise 5.1: "could I win term {@code term + 1}?", asked before raising the term. It carries
     * the asker's current term, so it deposes nobody; the asker's term stays where it is.
     */
    record PreVote(long term, String from, String to, long lastLogIndex, long lastLogTerm) implements VoteMessage {
    }

    /** Yes only from a replica that has heard no leader lately and whose log is no more up to date. */
    record PreVoteAnswer(long term, String from, String to, boolean granted) implements VoteMessage {
    }

    /** "Make me leader of {@code term}": granted only once per term, and only to a log at least as up to date. */
    record RequestVote(long term, String from, String to, long lastLogIndex, long lastLogTerm, String disk)
            implements VoteMessage, Promise {
    }

    record Vote(long term, String from, String to, boolean granted, String disk) implements VoteMessage, Promise {
    }

    /**
     * Entries after (prevIndex, prevTerm), which the follower must already hold (the consistency
     * check), the leader's commit index, and the read round it is confirming leadership for.
     * Empty entries make it a heartbeat.
     */
    record AppendEntries(long term, String from, String to, long prevIndex, long prevTerm, List<Entry> entries,
                         long leaderCommit, long round) implements Message {
        public AppendEntries {
            entries = List.copyOf(entries);
        }
    }

    /**
     * The answer: on success, the follower durably holds the log up to matchIndex; on failure,
     * matchIndex is a hint (its last index) to back off faster. The round is echoed: it tells the
     * leader this follower still took it for the leader of this term, which is what a read needs.
     */
    record Appended(long term, String from, String to, boolean success, long matchIndex, long round, String disk)
            implements Promise {
    }

    /** A snapshot on its way to a follower, handled by {@link Snapshots}. */
    sealed interface SnapshotMessage extends Message permits InstallSnapshot, SnapshotReceived {
    }

    /**
     * Part of the leader's snapshot, for a follower that needs entries the leader has thrown away:
     * {@code data} is the state from character {@code offset} on, of {@code total} in all. Sent in
     * pieces, so that one message stays small and a transfer cut off goes on where it stopped.
     */
    record InstallSnapshot(long term, String from, String to, long lastIndex, long lastTerm, String members, long total,
                           long offset, String data) implements SnapshotMessage {
    }

    /**
     * How much of the snapshot ending at {@code lastIndex} the follower now holds: all of it
     * ({@code received == total}) once it has replaced its state with it, and forced it.
     */
    record SnapshotReceived(long term, String from, String to, long lastIndex, long received, long total, String disk)
            implements SnapshotMessage, Promise {
    }

    /**
     * "Stand now": a leader that is leaving hands over to a follower whose log is as long as its own,
     * which starts an election at once instead of waiting out a timeout (leadership transfer, the
     * Raft thesis, section 3.10).
     */
    record TimeoutNow(long term, String from, String to) implements Message {
    }
}
