package org.birthofds.bank.logic;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;

/**
 * The logic tier's flags: where the data tier is, and how long to wait for it. Public, like
 * every tier's flags: a tier's command line is part of its face.
 */
public record LogicFlags(String host, int port, URI dataUrl, int workers, Duration workPerRequest, Duration connectTimeout,
                         Duration requestTimeout, String node, long maxTransfer) {

    static final String USAGE = String.join("\n",
            "Usage: LogicMain [--port N] [--host H] [--data-url URL] [--workers N] [--work-ms N]",
            "                 [--connect-timeout-ms N] [--timeout-ms N] [--node ID] [--max-transfer CENTS]",
            "  --port N                port of the public API (default 7070; 0 picks a free one)",
            "  --host H                address to bind (default 127.0.0.1)",
            "  --data-url URL          the data tier (default http://127.0.0.1:7071)",
            "  --workers N             requests served at once (default 64: they mostly wait for the data tier)",
            "  --work-ms N             simulated waiting per request, on a worker, like a call to another service (default 0)",
            "  --connect-timeout-ms N  how long to wait for a connection to the data tier (default 500)",
            "  --timeout-ms N          how long to wait for the data tier's answer (default 2000;",
            "                          0 waits forever, and a hung data tier then hangs every caller)",
            "  --node ID               the name this node reports in GET /health (default logic-1)",
            "  --max-transfer CENTS    a new rule: refuse transfers of more than this (default 0: no limit)");

    /** @throws IllegalArgumentException with a message fit for the reader */
    public static LogicFlags parse(String... args) {
        CommandLine given = CommandLine.parse(Set.of("--port", "--host", "--data-url", "--workers", "--work-ms",
                "--connect-timeout-ms", "--timeout-ms", "--node", "--max-transfer"), Set.of(), args);
        return new LogicFlags(
                given.text("--host", "127.0.0.1"),
                given.number("--port", 7070, 0, 65535),
                given.url("--data-url", "http://127.0.0.1:7071"),
                given.number("--workers", 64, 1, 1024),
                given.millis("--work-ms", 0),
                given.millis("--connect-timeout-ms", 500),
                given.millis("--timeout-ms", 2000),
                given.text("--node", "logic-1"),
                given.number("--max-transfer", 0, 0, Integer.MAX_VALUE));
    }
}
