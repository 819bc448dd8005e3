package org.birthofds.bank.replication;

import java.util.List;

/**
 * What a replica gets back from its disk after a crash: only what it forced. Term and vote must
 * survive (or one node could vote twice in a term), and so must every entry it acknowledged (or a
 * majority could "have" an entry that exists nowhere). Entries up to the snapshot survive as the
 * snapshot; the log holds what follows its base ({@code baseIndex}, of {@code baseTerm}), which is
 * never past the snapshot. Everything else is rebuilt by replaying.
 *
 * <p>And the disk's own name, drawn once when it was new: a replica's votes and acknowledgements
 * name it, so that a replica that comes back with another disk under an old id cannot pass off
 * promises it has forgotten (see {@link Members}). Empty for a disk with no name, as in tests.
 */
public record Durable(long term, String votedFor, Snapshot snapshot, long baseIndex, long baseTerm, List<Entry> log,
                      String disk) {
    public Durable {
        log = List.copyOf(log);
        if (baseIndex > snapshot.index()) {
            throw new IllegalArgumentException("a log thrown away to " + baseIndex + " past its " + snapshot);
        }
    }

    public Durable(long term, String votedFor, Snapshot snapshot, long baseIndex, long baseTerm, List<Entry> log) {
        this(term, votedFor, snapshot, baseIndex, baseTerm, log, "");
    }

    /** The same, on the disk named {@code disk}. */
    public Durable named(String disk) {
        return new Durable(term, votedFor, snapshot, baseIndex, baseTerm, log, disk);
    }

    /** A disk that never compacted: the whole log, from index 1. */
    public Durable(long term, String votedFor, List<Entry> log) {
        this(term, votedFor, Snapshot.NONE, 0, 0, log);
    }

    public static Durable empty() {
        return new Durable(0, null, List.of());
    }

    public long lastIndex() {
        return Math.max(snapshot.index(), baseIndex + log.size());
    }

    /**
     * What a snapshot and a journal hold together. A crash can fall between writing a new snapshot
     * and rewriting the journal behind it, so the journal may be older than the snapshot. Its
     * entries still count if they agree with the snapshot's last entry (Log Matching: then they
     * agree on all before it too); if the journal holds another entry there, or never reached it,
     * the snapshot replaces the log, as a follower's log is replaced by the snapshot its leader
     * sends (the Raft paper's figure 13).
     *
     * @throws IllegalStateException if the journal was compacted past the snapshot: the snapshot
     *     that stood for its front is lost, and this disk cannot be trusted
     */
    public static Durable recover(Snapshot snapshot, long term, String votedFor, long baseIndex, long baseTerm,
                                  List<Entry> log) {
        if (baseIndex > snapshot.index()) {
            throw new IllegalStateException("a journal compacted to index " + baseIndex + " beside a " + snapshot);
        }
        long at = snapshot.index() - baseIndex; // the snapshot's last entry, by its place in the journal
        boolean agrees = at == 0 ? baseTerm == snapshot.term() : at <= log.size() && log.get((int) at - 1).term() == snapshot.term();
        return agrees ? new Durable(term, votedFor, snapshot, baseIndex, baseTerm, log)
                : new Durable(term, votedFor, snapshot, snapshot.index(), snapshot.term(), List.of());
    }
}
