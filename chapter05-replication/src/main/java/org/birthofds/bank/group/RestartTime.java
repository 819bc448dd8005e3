package org.birthofds.bank.group;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import org.birthofds.bank.RealDisk;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.replication.Status;

/**
 * What compaction buys a restart, measured: a replica (a group of one, on this machine's disk)
 * takes {@code --entries} deposits to 1,000 accounts, then starts again on its data directory, once
 * keeping its whole log and once snapshotting every {@code --every} entries. A restart without
 * snapshots replays the bank's whole history; with them, it loads the state and replays the tail.
 *
 * <pre>java -cp chapter05-replication/target/classes:... org.birthofds.bank.group.RestartTime [--entries 100000] [--every 10000]</pre>
 */
public final class RestartTime {
    private static final int ACCOUNTS = 1_000;
    private static final Deposits LOAD = new Deposits(ACCOUNTS);

    private RestartTime() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parse(Set.of("--entries", "--every"), Set.of(), args);
        int entries = line.number("--entries", 100_000, 1, 10_000_000);
        int every = line.number("--every", 10_000, 1, 10_000_000);
        System.out.println(Measured.header());
        System.out.printf("Restart time after %,d entries%n", entries);
        System.out.println("| snapshots | journal bytes | snapshot bytes | restart ms | entries replayed |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int policy : new int[] {0, every}) {
            Path dir = Files.createTempDirectory("restart-time");
            try {
                fill(dir, policy, entries);
                long journal = Files.size(dir.resolve(RaftJournal.FILE));
                long snapshot = Files.exists(dir.resolve(RaftJournal.SNAPSHOT)) ? Files.size(dir.resolve(RaftJournal.SNAPSHOT)) : 0;
                long started = System.nanoTime();
                long replayed = restart(dir, policy, entries + ACCOUNTS + 1);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                System.out.printf("| %s | %,d | %,d | %,d | %,d |%n", policy == 0 ? "none: the whole log" : "every " + policy,
                        journal, snapshot, millis, replayed);
            } finally {
                Deposits.delete(dir);
            }
        }
    }

    private static void fill(Path dir, int every, int entries) throws Exception {
        try (ReplicaLoop loop = Deposits.replica(RealDisk.INSTANCE, dir, every)) {
            LOAD.send(loop, 0, ACCOUNTS + entries, Deposits.IN_FLIGHT);
        }
    }

    /** Starts again on the directory; returns, once every entry is applied again, how many the log replayed. */
    private static long restart(Path dir, int every, long lastIndex) throws Exception {
        try (ReplicaLoop loop = Deposits.replica(RealDisk.INSTANCE, dir, every)) {
            long fromSnapshot = loop.status().snapshotIndex();
            while (true) {
                Status status = loop.status();
                if (status.commitIndex() >= lastIndex) {
                    return status.commitIndex() - fromSnapshot;
                }
                Thread.onSpinWait();
            }
        }
    }
}
