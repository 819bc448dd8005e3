package org.birthofds.bank.website;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;

/** The website's flags: where the logic tier is, and how long to wait for it. Public: a tier's command line is its face. */
public record WebsiteFlags(String host, int port, URI logicUrl, int workers, Duration connectTimeout, Duration requestTimeout,
                           String node) {

    static final String USAGE = String.join("\n",
            "Usage: WebsiteMain [--port N] [--host H] [--logic-url URL] [--workers N] [--connect-timeout-ms N]",
            "                   [--timeout-ms N] [--node ID]",
            "  --port N                port of the banking website (default 8080; 0 picks a free one)",
            "  --host H                address to bind (default 127.0.0.1)",
            "  --logic-url URL         the logic tier's public API (default http://127.0.0.1:7070)",
            "  --workers N             pages served at once (default 16: they mostly wait for the logic tier)",
            "  --connect-timeout-ms N  how long to wait for a connection to the logic tier (default 500)",
            "  --timeout-ms N          how long to wait for the logic tier's answer (default 3000: longer than",
            "                          the logic tier's own 2000 ms wait on the data tier, so its 503 comes first)",
            "  --node ID               the name this node shows at the foot of each page (default web-1)");

    /** @throws IllegalArgumentException with a message fit for the reader */
    public static WebsiteFlags parse(String... args) {
        CommandLine given = CommandLine.parse(Set.of("--port", "--host", "--logic-url", "--workers", "--connect-timeout-ms",
                "--timeout-ms", "--node"), Set.of(), args);
        return new WebsiteFlags(
                given.text("--host", "127.0.0.1"),
                given.number("--port", 8080, 0, 65535),
                given.url("--logic-url", "http://127.0.0.1:7070"),
                given.number("--workers", 16, 1, 1024),
                given.millis("--connect-timeout-ms", 500),
                given.millis("--timeout-ms", 3000),
                given.text("--node", "web-1"));
    }
}
