package org.birthofds.bank.balancer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;

/**
 * The load balancer's flags: which logic nodes it spreads the requests over, and how it chooses.
 * The nodes are named URLs, so the balancer can run on a machine of its own in front of them.
 */
public record BalancerFlags(String host, int port, String policy, Map<String, URI> nodes, boolean admin,
                            Duration connectTimeout, Duration requestTimeout) {

    static final String DEFAULT_NODES =
            "logic-1=http://127.0.0.1:7081,logic-2=http://127.0.0.1:7082,logic-3=http://127.0.0.1:7083";

    static final String USAGE = String.join("\n",
            "Usage: BalancerMain [--port N] [--host H] [--policy P] [--nodes NAME=URL,...] [--admin]",
            "                    [--connect-timeout-ms N] [--timeout-ms N]",
            "  --port N                port of the public API, the bank's front door (default 7070; 0 picks a free one)",
            "  --host H                address to bind (default 127.0.0.1)",
            "  --policy P              round-robin or least-outstanding (default round-robin)",
            "  --nodes NAME=URL,...    the logic nodes (default " + DEFAULT_NODES + ")",
            "  --admin                 serve GET /admin/nodes: per node, requests sent, in flight and failed (default off)",
            "  --connect-timeout-ms N  how long to wait for a connection to a node (default 500)",
            "  --timeout-ms N          how long to wait for a node's answer (default 2500: longer than the logic",
            "                          tier's 2000 for the data tier, so that a node's own 503 arrives first)");

    /** @throws IllegalArgumentException with a message fit for the reader */
    public static BalancerFlags parse(String... args) {
        CommandLine given = CommandLine.parse(Set.of("--port", "--host", "--policy", "--nodes", "--connect-timeout-ms",
                "--timeout-ms"), Set.of("--admin"), args);
        BalancerFlags flags = new BalancerFlags(
                given.text("--host", "127.0.0.1"),
                given.number("--port", 7070, 0, 65535),
                given.text("--policy", "round-robin"),
                given.namedUrls("--nodes", DEFAULT_NODES),
                given.on("--admin"),
                given.millis("--connect-timeout-ms", 500),
                given.millis("--timeout-ms", 2500));
        flags.newPolicy(); // a misspelt policy stops the start here, with the names it could have been
        return flags;
    }

    Policy newPolicy() {
        return Policy.named(policy, List.copyOf(nodes.keySet()));
    }
}
