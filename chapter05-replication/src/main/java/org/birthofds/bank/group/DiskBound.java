package org.birthofds.bank.group;

import java.util.List;
import org.birthofds.bank.raftlog.RaftLogFormat;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.replication.Config.SnapshotPolicy;
import org.birthofds.bank.replication.Effect.Compaction;
import org.birthofds.bank.replication.Effect.Persist;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Snapshot;

/**
 * The most a replica's two files may hold under {@link Deposits}' load, worked out from its snapshot
 * policy before it runs, and the same however long it runs (but for the digits of the log's index):
 * a machine's disk is finite, so this is the promise compaction makes.
 *
 * <p>The journal. A snapshot is taken once {@code every} entries were applied since the last one,
 * and the journal is rewritten then to keep {@code keep} entries behind it. Just before a rewrite it
 * holds those {@code keep}, the {@code every - 1} applied since without a snapshot, and the batch
 * that crosses the line (group commit forces up to {@code inFlight} entries at once): so at most
 * {@code every + keep + inFlight - 1} entries. A steady leader writes no batch without an entry, so
 * each entry costs at most a one-entry batch of the longest request (its hard-state and cut lines
 * with it), after the two lines the rewritten journal starts with.
 *
 * <p>The snapshot is the bank as it stands, not its history: the accounts, whose balances are longs
 * of at most 19 digits where the snapshot of the accounts just opened has 1.
 *
 * @param entries the most entries the journal holds
 */
record DiskBound(long entries, long journalBytes, long snapshotBytes) {
    private static final long TERM = 1; // a group of one elects itself once, and leads to the end
    private static final int LONGEST_BALANCE = Long.toString(Long.MAX_VALUE).length();

    /** @param requests how many requests of {@code load} the run sends (its log has the leader's no-op too) */
    static DiskBound of(SnapshotPolicy policy, int inFlight, Deposits load, long requests) {
        if (policy.every() == 0) {
            throw new IllegalArgumentException("without snapshots the journal keeps every entry: there is no bound");
        }
        long last = requests + 1;
        long entries = policy.every() + policy.keep() + inFlight - 1L;
        long header = RaftLogFormat.encode(new Persist(TERM, Deposits.REPLICA, last + 1, List.of(),
                new Compaction(Snapshot.NONE, last, TERM))).length;
        long perEntry = RaftLogFormat.encode(new Persist(TERM, Deposits.REPLICA, last,
                List.of(new Entry(TERM, last, load.longest(last))))).length;
        ReplicatedBank opened = ReplicatedBank.create("shard-1", null);
        for (int i = 0; i < load.accounts(); i++) {
            opened.apply(load.request(i));
        }
        Snapshot accounts = new Snapshot(last, TERM, Members.of(List.of(Deposits.REPLICA)), opened.snapshot());
        long snapshot = RaftLogFormat.encode(accounts).length + (long) load.accounts() * (LONGEST_BALANCE - 1);
        return new DiskBound(entries, header + entries * perEntry, snapshot);
    }

    long total() {
        return journalBytes + snapshotBytes;
    }

    @Override
    public String toString() {
        return String.format("%,d bytes: a journal of at most %,d entries (%,d bytes) and one snapshot of at most %,d bytes",
                total(), entries, journalBytes, snapshotBytes);
    }
}
