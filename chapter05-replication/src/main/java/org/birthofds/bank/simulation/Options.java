package org.birthofds.bank.simulation;

import java.util.List;
import java.util.Random;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Config.SnapshotPolicy;

/**
 * The shape of a run: how many shard groups (each of {@code replicas} Raft replicas) hold the
 * accounts, how many logic nodes stand between them and the clients, how long clients send load
 * (then every fault heals and liveness is timed), the replicas' config and, if not derived from
 * the seed, the schedule. Timeouts nest as in chapter 4, so that the inner answer arrives first:
 * a logic node waits {@code callTimeoutMillis} for a replica, gives up on an operation after
 * {@link LogicNode#DEADLINE_MS} per call, and a client waits {@code clientTimeoutMillis} for a logic node.
 */
public record Options(int shards, int replicas, int logicNodes, int clients, long loadMillis, long livenessMillis,
                      long clientTimeoutMillis, long callTimeoutMillis, List<String> accounts, Config config,
                      Schedule schedule, boolean eventLog, int readPercent) {
    public Options {
        accounts = List.copyOf(accounts);
    }

    /** Two groups of three; the ring puts b, e, f in s1 and a, c, d in s2. */
    public static Options standard() {
        return new Options(2, 3, 3, 3, 3000, 5000, 1000, 200, List.of("a", "b", "c", "d", "e", "f"), Config.raft(),
                null, false, 35);
    }

    /**
     * The seed sweep's run for {@code seed}: the standard bank with groups of three or of five
     * (five lets two minorities overlap only through a third replica), and at most 2, 8 or 64
     * entries per AppendEntries (few entries per message split an old term's entries from a new
     * leader's no-op). A seed alone replays it.
     */
    public static Options sweep(long seed) {
        Random draw = Seeds.random(seed, Seeds.SHAPE, 0);
        int replicas = draw.nextBoolean() ? 3 : 5;
        int[] perMessage = {1, 2, 8, 64};
        Config config = Config.raft().withMaxEntriesPerMessage(perMessage[draw.nextInt(perMessage.length)]);
        return standard().withReplicas(replicas).withConfig(config.withSnapshots(snapshots(seed)));
    }

    /**
     * Two runs in three compact their logs: a snapshot every 12 entries sent 100 characters a piece
     * (a score of pieces), or every 25 with 5 kept behind it, sent 400 at a time; the third keeps
     * the whole log, as a run of a few thousand entries under the real policy does. Drawn apart
     * from the run's shape and its schedule, so a run that compacts nothing and changes no members
     * is the run its seed made before either existed.
     */
    static SnapshotPolicy snapshots(long seed) {
        return switch (Seeds.random(seed, Seeds.COMPACTION, 0).nextInt(3)) {
            case 0 -> new SnapshotPolicy(12, 0, 100);
            case 1 -> new SnapshotPolicy(25, 5, 400);
            default -> Config.raft().snapshots();
        };
    }

    /** True if the replicas snapshot often enough, in a run of a few seconds, for it to matter. */
    public boolean compacts() {
        return config.snapshots().every() > 0 && config.snapshots().every() <= 100;
    }

    public Options withReplicas(int value) {
        return new Options(shards, value, logicNodes, clients, loadMillis, livenessMillis, clientTimeoutMillis,
                callTimeoutMillis, accounts, config, schedule, eventLog, readPercent);
    }

    public Options withShards(int value) {
        return new Options(value, replicas, logicNodes, clients, loadMillis, livenessMillis, clientTimeoutMillis,
                callTimeoutMillis, accounts, config, schedule, eventLog, readPercent);
    }

    public Options withConfig(Config value) {
        return new Options(shards, replicas, logicNodes, clients, loadMillis, livenessMillis, clientTimeoutMillis,
                callTimeoutMillis, accounts, value, schedule, eventLog, readPercent);
    }

    public Options withSchedule(Schedule value) {
        return new Options(shards, replicas, logicNodes, clients, loadMillis, livenessMillis, clientTimeoutMillis,
                callTimeoutMillis, accounts, config, value, eventLog, readPercent);
    }

    public Options withEventLog() {
        return new Options(shards, replicas, logicNodes, clients, loadMillis, livenessMillis, clientTimeoutMillis,
                callTimeoutMillis, accounts, config, schedule, true, readPercent);
    }

    public Options withLoad(int clientCount, long millis, int reads) {
        return new Options(shards, replicas, logicNodes, clientCount, millis, livenessMillis, clientTimeoutMillis,
                callTimeoutMillis, accounts, config, schedule, eventLog, reads);
    }

    public Options withLiveness(long millis) {
        return new Options(shards, replicas, logicNodes, clients, loadMillis, millis, clientTimeoutMillis,
                callTimeoutMillis, accounts, config, schedule, eventLog, readPercent);
    }

    /** "s1".."sN": the groups, as the ring knows them. */
    public List<String> groupIds() {
        return java.util.stream.IntStream.rangeClosed(1, shards).mapToObj(i -> "s" + i).toList();
    }
}
