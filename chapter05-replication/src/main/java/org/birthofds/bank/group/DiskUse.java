package org.birthofds.bank.group;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.replication.Config.SnapshotPolicy;

/**
 * A replica's disk use under a load that runs as long as you like, measured: a replica alone, as
 * {@link RestartTime} runs it on this machine's disk, applies {@code --entries} entries (1,000
 * accounts opened, then deposits to them), and every {@code --row-every} entries says what its
 * journal and its snapshot hold, and the most they held together after any write. Then the same
 * with snapshots off. A machine's disk is finite: with snapshots the two files stay under the bound
 * the policy promises ({@link DiskBound}); without, the journal grows with every entry until the
 * disk is full.
 *
 * <pre>./mvnw -q -pl chapter05-replication compile exec:java@disk-use [-Dexec.args="--entries 2000000 --snapshot-every 10000"]</pre>
 */
public final class DiskUse {
    private static final Deposits LOAD = new Deposits(1_000);

    private DiskUse() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parse(Set.of("--entries", "--snapshot-every", "--row-every"), Set.of(), args);
        int entries = line.number("--entries", 2_000_000, LOAD.accounts() + 2, 100_000_000);
        int every = line.number("--snapshot-every", 10_000, 1, 100_000_000);
        // 125,000 by default, not a multiple of a snapshot interval: rows fall mid-interval too, not only just after one.
        int rowEvery = line.number("--row-every", Math.max(1, entries / 16), 1, entries);
        System.out.println(Measured.header());
        System.out.printf("Disk use of a replica applying %,d entries (%,d accounts opened, then deposits)%n", entries,
                LOAD.accounts());
        SnapshotPolicy policy = SnapshotPolicy.of(every);
        DiskBound bound = DiskBound.of(policy, Deposits.IN_FLIGHT, LOAD, entries - 1L);
        System.out.printf("%nSnapshots every %,d entries, %,d kept behind, %,d requests in flight; bound %s%n", every,
                policy.keep(), Deposits.IN_FLIGHT, bound);
        long peak = run(every, entries, rowEvery);
        System.out.printf("%nSnapshots off (--snapshot-every 0): the journal keeps every entry%n");
        long whole = run(0, entries, rowEvery);
        System.out.printf("%nBounded: %s. With snapshots every %,d entries the two files peaked at %,d bytes, under a bound"
                + " of %,d; with snapshots off the journal held %,d bytes after %,d entries (%.0f bytes an entry), and"
                + " grows for as long as the bank runs.%n", peak <= bound.total() ? "yes" : "NO", every, peak, bound.total(),
                whole, entries, (double) whole / entries);
    }

    /** One run on a data directory of its own; returns the peak of its two files together. */
    private static long run(int every, int entries, int rowEvery) throws Exception {
        Path dir = Files.createTempDirectory("disk-use");
        try {
            MeteredDisk disk = new MeteredDisk(dir);
            try (ReplicaLoop loop = Deposits.replica(disk, dir, every)) {
                System.out.println("| entries applied | raft.journal bytes | raft.snapshot bytes | total | peak so far |");
                System.out.println("|---:|---:|---:|---:|---:|");
                long sent = 0;
                for (long applied = Math.min(rowEvery, entries); ; applied = Math.min(applied + rowEvery, entries)) {
                    LOAD.send(loop, sent, applied - 1, Deposits.IN_FLIGHT); // the leader's no-op, then a request an entry
                    sent = applied - 1;
                    long journal = disk.journalBytes();
                    long snapshot = disk.snapshotBytes();
                    System.out.printf("| %,d | %,d | %,d | %,d | %,d |%n", applied, journal, snapshot, journal + snapshot,
                            disk.peak());
                    if (applied == entries) {
                        break;
                    }
                }
            }
            return every == 0 ? disk.journalBytes() : disk.peak();
        } finally {
            Deposits.delete(dir);
        }
    }
}
