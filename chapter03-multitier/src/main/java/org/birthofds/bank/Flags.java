package org.birthofds.bank;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;

/** The data tier's flags: chapter 2's engine, now on an internal port (7071) that only the logic tier calls. */
record Flags(String host, int port, Path dataDir, boolean memoryOnly, int workers, Duration workPerRequest,
             Duration cpuPerRequest, Locks.Order locking, String node) {

    static final String USAGE = String.join("\n",
            "Usage: Main [--port N] [--host H] [--data DIR | --memory-only] [--workers N] [--work-ms N] [--cpu-ms N]",
            "            [--locking ordered|argument-order|none] [--node ID]",
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
            "  --node ID       the name this node reports in GET /health (default data-1)");

    /** @throws IllegalArgumentException with a message fit for the reader */
    static Flags parse(String... args) {
        CommandLine given = CommandLine.parse(
                Set.of("--port", "--host", "--data", "--workers", "--work-ms", "--cpu-ms", "--locking", "--node"),
                Set.of("--memory-only"), args);
        return new Flags(
                given.text("--host", "127.0.0.1"),
                given.number("--port", 7071, 0, 65535),
                Path.of(given.text("--data", Chapter.DEFAULT_DATA.toString())),
                given.on("--memory-only"),
                given.number("--workers", Runtime.getRuntime().availableProcessors(), 1, 1024),
                Duration.ofMillis(given.number("--work-ms", 0, 0, 60_000)),
                Duration.ofMillis(given.number("--cpu-ms", 0, 0, 60_000)),
                Locks.Order.parse(given.text("--locking", "ordered")),
                given.text("--node", "data-1"));
    }
}
