package org.birthofds.bank.group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.stream.Stream;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Effect;
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
    private static final int IN_FLIGHT = 2_000; // group commit: one force for many writes, as under load

    private RestartTime() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parse(Set.of("--entries", "--every"), Set.of(), args);
        int entries = line.number("--entries", 100_000, 1, 10_000_000);
        int every = line.number("--every", 10_000, 1, 10_000_000);
        System.out.printf("Restart time after %,d entries, %s, %d cores%n", entries, LocalDate.now(),
                Runtime.getRuntime().availableProcessors());
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
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    private static void fill(Path dir, int every, int entries) throws Exception {
        try (ReplicaLoop loop = start(dir, every)) {
            List<CompletableFuture<Effect.Reply>> inFlight = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS + entries; i++) {
                ShardRequest request = i < ACCOUNTS ? new ShardRequest.Open("a" + i)
                        : new ShardRequest.Deposit("a" + (i % ACCOUNTS), 1 + i % 97, null);
                inFlight.add(loop.propose(new ShardRequest.Stamped(i, request).encode()));
                if (inFlight.size() == IN_FLIGHT) {
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    inFlight.clear();
                }
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    /** Starts again on the directory; returns, once every entry is applied again, how many the log replayed. */
    private static long restart(Path dir, int every, long lastIndex) throws Exception {
        try (ReplicaLoop loop = start(dir, every)) {
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

    private static ReplicaLoop start(Path dir, int every) throws IOException {
        Config config = Config.raft().withSnapshots(new Config.SnapshotPolicy(every, Math.min(every, 1_000), 65_536));
        ReplicaLoop loop = new ReplicaLoop("r1", List.of(), config, RaftJournal.open(dir), ReplicatedBank.create("shard-1", null),
                message -> { }, new Faults());
        loop.start();
        return loop;
    }
}
