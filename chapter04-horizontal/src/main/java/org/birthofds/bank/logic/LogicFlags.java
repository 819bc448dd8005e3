package org.birthofds.bank.logic;

import java.time.Duration;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.shard.ShardMap;
import org.birthofds.bank.twophase.Snapshot;

/**
 * The logic tier's flags: where the data shards are, and how long to wait for them. Public, like
 * every tier's flags: a tier's command line is part of its face.
 */
public record LogicFlags(String host, int port, ShardMap shards, int workers, Duration workPerRequest,
                         Duration cpuPerRequest, Duration connectTimeout, Duration requestTimeout, String node,
                         Snapshot.Mode reads, Duration freezeLease, boolean admin) {

    static final String USAGE = String.join("\n",
            "Usage: LogicMain [--port N] [--host H] [--shards ID=URL,... | --shard-map FILE] [--workers N] [--work-ms N]",
            "                 [--cpu-ms N] [--connect-timeout-ms N] [--timeout-ms N] [--node ID] [--reads consistent|naive] [--admin]",
            "  --port N                port of the public API (default 7070; 0 picks a free one)",
            "  --host H                address to bind (default 127.0.0.1)",
            "  --shards MAP            the data shards, shard-1=http://127.0.0.1:7091,shard-2=...",
            "                          (default shard-1=http://127.0.0.1:7071: chapter 3's one data tier)",
            "  --shard-map FILE        the same map from a properties file, one shard-1=URL a line",
            "  --data-url URL          chapter 3's flag: the same as --shards shard-1=URL",
            "  --workers N             requests served at once (default 64: they mostly wait for the shards)",
            "  --work-ms N             simulated waiting per request, on a worker, like a call to another service (default 0)",
            "  --cpu-ms N              simulated CPU work per request: the worker computes for N ms of CPU (default 0)",
            "  --connect-timeout-ms N  how long to wait for a connection to a shard (default 500)",
            "  --timeout-ms N          how long to wait for a shard's answer (default 2000;",
            "                          0 waits forever, and a hung shard then hangs every caller)",
            "  --node ID               the name this node reports in GET /health and X-Served-By (default logic-1)",
            "  --reads R               GET /accounts: consistent (default: freezes every shard) or naive",
            "                          (shard by shard: its total can be wrong while transfers run)",
            "  --freeze-lease-ms N     the longest a consistent read may freeze a shard (default 2000)",
            "  --admin                 serve GET and POST /admin/shard-map, how a new shard map reaches this node",
            "                          when a shard is added (default off: a caller could reroute every account)");

    /** @throws IllegalArgumentException with a message fit for the reader */
    public static LogicFlags parse(String... args) {
        CommandLine given = CommandLine.parse(Set.of("--port", "--host", "--shards", "--shard-map", "--data-url", "--workers",
                "--work-ms", "--cpu-ms", "--connect-timeout-ms", "--timeout-ms", "--node", "--reads", "--freeze-lease-ms"), Set.of("--admin"), args);
        String inline = given.text("--shards", null);
        if (given.on("--data-url")) {
            if (inline != null || given.on("--shard-map")) {
                throw new IllegalArgumentException("Give --data-url (one shard) or a shard map, not both.");
            }
            inline = "shard-1=" + given.url("--data-url", "http://127.0.0.1:7071");
        }
        return new LogicFlags(
                given.text("--host", "127.0.0.1"),
                given.number("--port", 7070, 0, 65535),
                ShardMap.fromFlags(inline, given.text("--shard-map", null), "shard-1=http://127.0.0.1:7071"),
                given.number("--workers", 64, 1, 1024),
                given.millis("--work-ms", 0),
                given.millis("--cpu-ms", 0),
                given.millis("--connect-timeout-ms", 500),
                given.millis("--timeout-ms", 2000),
                given.text("--node", "logic-1"),
                reads(given.text("--reads", "consistent")),
                Duration.ofMillis(given.number("--freeze-lease-ms", 2000, 1, 60_000)),
                given.on("--admin"));
    }

    private static Snapshot.Mode reads(String value) {
        return switch (value) {
            case "consistent" -> Snapshot.Mode.CONSISTENT;
            case "naive" -> Snapshot.Mode.NAIVE; // FAILURE MODE (fixed in chapter 04 by the default): see Snapshot
            default -> throw new IllegalArgumentException("Flag --reads takes consistent or naive, not '" + value + "'.");
        };
    }
}
