package org.birthofds.bank.balancer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.birthofds.bank.node.AdminToken;
import org.birthofds.bank.node.CommandLine;

/**
 * The load balancer's flags: which logic nodes it spreads the requests over, and how it chooses.
 * The nodes are named URLs, so the balancer can run on a machine of its own in front of them.
 * Chapter 5 adds the health checks: how often, how patient, and how many in a row take a node
 * out of service or bring it back.
 */
public record BalancerFlags(String host, int port, String policy, Map<String, URI> nodes, boolean admin,
                            Duration connectTimeout, Duration requestTimeout, Duration probeEvery,
                            Duration probeTimeout, int ejectAfter, int admitAfter, Path adminTokenFile) {

    static final String DEFAULT_NODES =
            "logic-1=http://127.0.0.1:7081,logic-2=http://127.0.0.1:7082,logic-3=http://127.0.0.1:7083";

    static final String USAGE = String.join("\n",
            "Usage: BalancerMain [--port N] [--host H] [--policy P] [--nodes NAME=URL,...] [--admin --admin-token-file FILE]",
            "                    [--connect-timeout-ms N] [--timeout-ms N]",
            "                    [--probe-ms N] [--probe-timeout-ms N] [--eject-after N] [--admit-after N]",
            "  --port N                port of the public API, the bank's front door (default 7070; 0 picks a free one)",
            "  --host H                address to bind (default 127.0.0.1)",
            "  --policy P              round-robin or least-outstanding (default round-robin)",
            "  --nodes NAME=URL,...    the logic nodes (default " + DEFAULT_NODES + ")",
            "  --admin                 serve GET /admin/nodes: per node, requests sent, in flight, failed and retried,",
            "                          and whether it is out of service (default off)",
            "  --admin-token-file FILE the operator's token, which /admin/nodes asks of every call (required with --admin)",
            "  --connect-timeout-ms N  how long to wait for a connection to a node (default 500)",
            "  --timeout-ms N          how long a request may wait for the nodes' answer, retries on other nodes",
            "                          included (default 2500: longer than the logic tier's 2000 for the data tier,",
            "                          so that a node's own 503 arrives first; 0 waits forever)",
            "  --probe-ms N            a health check (GET /health) of every node this often (default 200)",
            "  --probe-timeout-ms N    a health check not answered 200 within this has failed (default 500)",
            "  --eject-after N         failed health checks in a row that take a node out of service (default 2)",
            "  --admit-after N         answered health checks in a row that bring it back (default 2)");

    /** @throws IllegalArgumentException with a message fit for the reader */
    public static BalancerFlags parse(String... args) {
        CommandLine given = CommandLine.parse(Set.of("--port", "--host", "--policy", "--nodes", "--connect-timeout-ms",
                "--timeout-ms", "--probe-ms", "--probe-timeout-ms", "--eject-after", "--admit-after", "--admin-token-file"),
                Set.of("--admin"), args);
        BalancerFlags flags = new BalancerFlags(
                given.text("--host", "127.0.0.1"),
                given.number("--port", 7070, 0, 65535),
                given.text("--policy", "round-robin"),
                given.namedUrls("--nodes", DEFAULT_NODES),
                given.on("--admin"),
                given.millis("--connect-timeout-ms", 500),
                given.millis("--timeout-ms", 2500),
                Duration.ofMillis(given.number("--probe-ms", 200, 10, 600_000)),
                Duration.ofMillis(given.number("--probe-timeout-ms", 500, 1, 600_000)),
                given.number("--eject-after", 2, 1, 1000),
                given.number("--admit-after", 2, 1, 1000),
                AdminToken.flag(given, given.on("--admin")));
        flags.newPolicy(); // a misspelt policy stops the start here, with the names it could have been
        return flags;
    }

    Policy newPolicy() {
        return Policy.named(policy, List.copyOf(nodes.keySet()));
    }

    Health newHealth() {
        return new Health(List.copyOf(nodes.keySet()), ejectAfter, admitAfter);
    }
}
