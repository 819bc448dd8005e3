package org.birthofds.bank.group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.birthofds.bank.Disk;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Effect;

/**
 * The load the chapter measures a replica's disk with ({@link RestartTime}, {@link DiskUse}): a
 * group of one on a data directory, which opens {@code accounts} accounts, then takes deposits to
 * them in turn, as many unanswered at a time as the caller says.
 */
final class Deposits {
    /** Group commit: one force for many writes, as under load. */
    static final int IN_FLIGHT = 2_000;
    static final String REPLICA = "r1";

    private final int accounts;

    Deposits(int accounts) {
        this.accounts = accounts;
    }

    int accounts() {
        return accounts;
    }

    /** A group of one on {@code dir}, snapshotting as a replica's {@code --snapshot-every} says (0: never). */
    static ReplicaLoop replica(Disk disk, Path dir, int snapshotEvery) throws IOException {
        Config config = Config.raft().withSnapshots(Config.SnapshotPolicy.of(snapshotEvery));
        ReplicaLoop loop = new ReplicaLoop(REPLICA, List.of(), config, RaftJournal.open(disk, dir),
                ReplicatedBank.create("shard-1", null), messages -> { }, new Faults());
        loop.start();
        return loop;
    }

    /** The {@code i}-th request from the start, stamped with {@code i} for a clock. */
    String request(long i) {
        ShardRequest request = i < accounts ? new ShardRequest.Open("a" + i)
                : new ShardRequest.Deposit("a" + (i % accounts), 1 + i % 97, null);
        return new ShardRequest.Stamped(i, request).encode();
    }

    /**
     * No request up to the {@code upTo}-th is longer: only its numbers vary, and none of theirs has
     * more digits than these.
     */
    String longest(long upTo) {
        String last = "a" + (accounts - 1);
        String open = new ShardRequest.Stamped(upTo, new ShardRequest.Open(last)).encode();
        String deposit = new ShardRequest.Stamped(upTo, new ShardRequest.Deposit(last, 97, null)).encode();
        return open.length() > deposit.length() ? open : deposit;
    }

    /** Sends requests {@code from} to {@code to} (exclusive), {@code inFlight} at a time, and waits for every answer. */
    void send(ReplicaLoop loop, long from, long to, int inFlight) throws Exception {
        List<CompletableFuture<Effect.Reply>> waiting = new ArrayList<>();
        for (long i = from; i < to; i++) {
            waiting.add(loop.propose(request(i)));
            if (waiting.size() == inFlight || i == to - 1) {
                CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                waiting.clear();
            }
        }
    }

    /** A measurement's data directory, once measured: it holds nothing anyone needs again. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
