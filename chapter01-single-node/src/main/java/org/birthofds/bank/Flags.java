package org.birthofds.bank;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The server's command-line flags. Unknown flags and bad values stop the start with a message. */
record Flags(String host, int port, Path dataDir, boolean memoryOnly, Duration workPerRequest, String node) {

    static final String USAGE = String.join("\n",
            "Usage: Main [--port N] [--host H] [--data DIR | --memory-only] [--work-ms N] [--node ID]",
            "  --port N        port to listen on (default 7070; 0 picks a free one)",
            "  --host H        address to bind (default 127.0.0.1)",
            "  --data DIR      where the journal lives (default ./" + Chapter.DEFAULT_DATA + ", this chapter's own)",
            "  --memory-only   keep balances in memory only: a restart forgets them",
            "  --work-ms N     simulated work per request on the one worker (default 0)",
            "  --node ID       the name this node reports in GET /health (default node-1)");

    private static final Set<String> WITH_VALUE = Set.of("--port", "--host", "--data", "--work-ms", "--node");
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
                Duration.ofMillis(number(given, "--work-ms", 0, 0, 60_000)),
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
