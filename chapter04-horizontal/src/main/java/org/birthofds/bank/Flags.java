package org.birthofds.bank;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.shard.ShardMap;

/**
 * The data tier's flags: chapter 2's engine, now on an internal port (7071) that only the logic tier calls.
 * Chapter 4: each data node is one shard, with its id and the shard map its recovery pass needs
 * to reach the shard that holds a transaction's record ({@code shards} is null when it has no peers).
 */
record Flags(String host, int port, Path dataDir, boolean memoryOnly, int workers, Duration workPerRequest,
             Duration cpuPerRequest, Locks.Order locking, String node, String shardId, ShardMap shards,
             Duration recoveryEvery, Duration inDoubt, boolean admin) {

    static final String USAGE = String.join("\n",
            "Usage: Main [--port N] [--host H] [--data DIR | --memory-only] [--workers N] [--work-ms N] [--cpu-ms N]",
            "            [--locking ordered|argument-order|none] [--node ID]",
            "            [--shard-id ID] [--shards ID=URL,... | --shard-map FILE] [--recovery-ms N] [--in-doubt-ms N] [--admin]",
            "  --port N        port to listen on (default 7071; 0 picks a free one)",
            "  --host H        address to bind (default 127.0.0.1: only this machine's logic tier may call it)",
            "  --data DIR      where the journal lives (default ./" + Chapter.DEFAULT_DATA + ", this chapter's own)",
            "  --memory-only   keep balances in memory only: a restart forgets them",
            "  --workers N     worker threads serving requests in parallel (default: the "
                    + Runtime.getRuntime().availableProcessors() + " cores)",
            "  --work-ms N     simulated waiting per request, like a call to a disk or another server (default 0)",
            "  --cpu-ms N      simulated CPU work per request: the worker computes for N ms (default 0)",
            "  --locking L     how operations lock accounts: ordered (default), argument-order (deadlocks),",
            "                  or none (chapter 1's bank, which loses money with more than one worker)",
            "  --node ID       the name this node reports in GET /health (default data-1)",
            "  --shard-id ID   which shard of the bank this is (default shard-1): it starts every transfer id",
            "  --shards MAP    the shard map, shard-1=http://127.0.0.1:7091,shard-2=...: where the recovery pass",
            "                  asks a transaction's record shard for its fate (default: no other shards)",
            "  --shard-map F   the same map from a properties file, one shard-1=URL a line",
            "  --recovery-ms N how often the recovery pass looks for transfers in doubt (default 1000; 0: never)",
            "  --in-doubt-ms N how old a PENDING record or intent is before the pass settles it (default 2000)",
            "  --admin         serve /admin/...: the steps that move accounts to a new shard (default off: they",
            "                  take accounts away from this shard, so only an operator's migrator may call them)");

    /** @throws IllegalArgumentException with a message fit for the reader */
    static Flags parse(String... args) {
        CommandLine given = CommandLine.parse(
                Set.of("--port", "--host", "--data", "--workers", "--work-ms", "--cpu-ms", "--locking", "--node", "--shard-id",
                        "--shards", "--shard-map", "--recovery-ms", "--in-doubt-ms"),
                Set.of("--memory-only", "--admin"), args);
        return new Flags(
                given.text("--host", "127.0.0.1"),
                given.number("--port", 7071, 0, 65535),
                Path.of(given.text("--data", Chapter.DEFAULT_DATA.toString())),
                given.on("--memory-only"),
                given.number("--workers", Runtime.getRuntime().availableProcessors(), 1, 1024),
                Duration.ofMillis(given.number("--work-ms", 0, 0, 60_000)),
                Duration.ofMillis(given.number("--cpu-ms", 0, 0, 60_000)),
                Locks.Order.parse(given.text("--locking", "ordered")),
                given.text("--node", "data-1"),
                shardId(given.text("--shard-id", "shard-1")),
                given.on("--shards") || given.on("--shard-map")
                        ? ShardMap.fromFlags(given.text("--shards", null), given.text("--shard-map", null), null) : null,
                given.millis("--recovery-ms", 1000),
                given.millis("--in-doubt-ms", 2000),
                given.on("--admin"));
    }

    private static String shardId(String id) {
        if (!id.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("Flag --shard-id takes 1 to 32 characters a-z, 0-9 or -, not '" + id + "'.");
        }
        return id;
    }
}
