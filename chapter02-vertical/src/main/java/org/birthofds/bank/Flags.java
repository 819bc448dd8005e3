package org.birthofds.bank;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The server's command-line flags. Unknown flags and bad values stop the start with a message. */
record Flags(String host, int port, Path dataDir, boolean memoryOnly, int workers, Duration workPerRequest,
             Duration cpuPerRequest, Locks.Order locking, String node) {

    static final String USAGE = String.join("\n",
            "Usage: Main [--port N] [--host H] [--data DIR | --memory-only] [--workers N] [--work-ms N] [--cpu-ms N]",
            "            [--locking ordered|argument-order|none] [--node ID]",
            "  --port N        port to listen on (default 7070; 0 picks a free one)",
            "  --host H        address to bind (default 127.0.0.1)",
            "  --data DIR      where the journal lives (default ./" + Chapter.DEFAULT_DATA + ", this chapter's own)",
            "  --memory-only   keep balances in memory only: a restart forgets them",
            "  --workers N     worker threads serving requests in parallel (default: the "
                    + Runtime.getRuntime().availableProcessors() + " cores)",
            "  --work-ms N     simulated waiting per request, like a call to a disk or another server (default 0)",
            "  --cpu-ms N      simulated CPU work per request: the worker computes for N ms (default 0)",
            "  --locking L     how operations lock accounts: ordered (default), argument-order (deadlocks),",
            "                  or none (chapter 1's bank, which loses money with more than one worker)",
            "  --node ID       the name this node reports in GET /health (default node-1)");

    private static final Set<String> WITH_VALUE =
            Set.of("--port", "--host", "--data", "--workers", "--work-ms", "--cpu-ms", "--locking", "--node");
    private static final Set<String> SWITCHES = Set.of("--memory-only");

    /** @throws IllegalArgumentException with a message fit for the reader */
    static Flags parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (SWITCHES.contains(flag)) {
                given.put(flag, "true");
            } else if (!WITH_VALUE.contains(flag)) {
                throw new IllegalArgumentException("Unknown flag " + ApiError.quote(flag) + ".");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Flag " + flag + " needs a value.");
            } else {
                given.put(flag, args[++i]);
            }
        }
        return new Flags(
                given.getOrDefault("--host", "127.0.0.1"),
                number(given, "--port", 7070, 0, 65535),
                given.containsKey("--data") ? Path.of(given.get("--data")) : Chapter.DEFAULT_DATA,
                given.containsKey("--memory-only"),
                number(given, "--workers", Runtime.getRuntime().availableProcessors(), 1, 1024),
                Duration.ofMillis(number(given, "--work-ms", 0, 0, 60_000)),
                Duration.ofMillis(number(given, "--cpu-ms", 0, 0, 60_000)),
                Locks.Order.parse(given.getOrDefault("--locking", "ordered")),
                given.getOrDefault("--node", "node-1"));
    }

    private static int number(Map<String, String> given, String flag, int fallback, int min, int max) {
        String value = given.get(flag);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new IllegalArgumentException("Flag " + flag + " takes a whole number from " + min + " to " + max
                + ", not " + ApiError.quote(value) + ".");
    }
}
