package org.birthofds.bank.replication;

import java.util.List;

/**
 * What a replica asks its runtime to do. The replica does no I/O itself: the simulator carries
 * effects out over a simulated disk and network, the chapter's module over files and HTTP.
 *
 * <p>The runtime's one duty: carry out a batch from {@link Replica#drain()} in order, and finish
 * (force) a {@link Persist} before anything after it. Only a leader's AppendEntries come before its
 * Persist, so no vote, acknowledgement or client answer leaves before the state it depends on is on disk.
 */
public sealed interface Effect {
    /**
     * Make durable, with fsync: the term and vote, and the log as it is now from {@code fromIndex}
     * on (the disk keeps entries before fromIndex, drops the rest, and appends {@code entries}).
     * Nothing in the batch may leave before it is forced.
     */
    record Persist(long term, String votedFor, long fromIndex, List<Entry> entries, Compaction compaction)
            implements Effect {
        public Persist {
            entries = List.copyOf(entries);
            if (compaction != null && fromIndex != compaction.baseIndex() + 1) {
                throw new IllegalArgumentException("a compacted disk is rewritten from its base on");
            }
        }

        /** Entries changed from {@code fromIndex} on, appended to what the disk holds. */
        public Persist(long term, String votedFor, long fromIndex, List<Entry> entries) {
            this(term, votedFor, fromIndex, entries, null);
        }
    }

    /**
     * With a Persist, the disk starts over: first the snapshot, written whole or not at all, then
     * the log, rewritten to hold only the entries after its base (the Persist's entries, every one
     * of them). So the disk holds the log since the last snapshot, not since the bank opened.
     */
    record Compaction(Snapshot snapshot, long baseIndex, long baseTerm) {
    }

    /**
     * The state machine was replaced by a snapshot its leader sent (it was too far behind for the
     * leader's log): for observers and checkers, as Applied is for entries.
     */
    record Installed(Snapshot snapshot) implements Effect {
    }

    record Send(Message message) implements Effect {
    }

    /** An entry applied to the state machine, and what it answered; for observers and checkers. */
    record Applied(Entry entry, String result) implements Effect {
    }

    /** The answer to a client's request, by the id the runtime gave it. */
    record Reply(long requestId, Answer answer, String body) implements Effect {
    }

    /**
     * A message refused unread: no honest member of the group could have sent it (see
     * {@link Admission}). The runtime says so once per kind; the simulator, whose peers are all
     * honest, reports it as a broken rule.
     */
    record Refused(Message message, Refusal refusal, String detail) implements Effect {
    }

    enum Refusal { NOT_FOR_ME, STRANGER, ANOTHER_DISK, TERM_OUT_OF_RANGE, MALFORMED, CUTS_COMMITTED }

    enum Answer {
        /** Done: the body is the state machine's answer. */
        OK,
        /** Not done, and never will be from this request: ask the leader the body names (empty: unknown). */
        NOT_LEADER,
        /** In the log but this replica stopped leading before it committed: it may or may not happen. */
        UNKNOWN,
        /** Not done, and never will be from this request, as the body says why (a change of members not allowed now). */
        REFUSED
    }
}
