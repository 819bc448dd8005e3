package org.birthofds.bank.tiers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.logic.LogicMain;

/** What the launcher prints once the cluster serves: where each node is, and what to try next. */
final class Tips {
    private Tips() {
    }

    static String forLauncher(Launcher launcher) {
        Cluster cluster = launcher.cluster();
        List<String> lines = new ArrayList<>(List.of("", "The bank, as " + cluster.nodes().size() + " nodes in "
                + cluster.nodes().size() + " JVMs:"));
        List<Cluster.Node> frontToBack = new ArrayList<>(cluster.nodes());
        Collections.reverse(frontToBack);
        for (Cluster.Node node : frontToBack) {
            lines.add(String.format("  %-8s  %s  pid %-7d  %s", node.name(), launcher.url(node.name()),
                    launcher.pid(node.name()), role(node)));
        }
        String api = launcher.url("balancer");
        String json = " -H 'Content-Type: application/json'";
        List<Cluster.Node> logic = cluster.ofKind(LogicMain.class);
        String victim = logic.get(logic.size() > 1 ? 1 : 0).name();
        String leader = launcher.leaderOf("shard-1");
        lines.addAll(List.of(
                "",
                "Try:",
                "  curl -s -XPOST " + api + "/accounts" + json + " -d '{\"id\":\"alice\"}'",
                "  curl -s -XPOST " + api + "/accounts/alice/deposits" + json + " -H 'Idempotency-Key: dep-1' -d '{\"amount\":500}'",
                "  for i in 1 2 3 4 5 6; do curl -s -D- -o /dev/null " + api + "/accounts/alice | grep X-Served-By; done",
                "    (round robin: each logic node answers in turn)",
                "  type 'kill " + victim + "' here: SIGKILL; the balancer takes it out of service (its log says so)"
                        + " and sends the requests it refused to the other nodes",
                "  type 'restart " + victim + "' here: it is back on its port, and after two answered health checks"
                        + " the balancer sends to it again",
                "  curl -s " + launcher.url(leader) + "/status    (" + leader + " leads shard-1 now)",
                "  type 'kill " + leader + "' here: SIGKILL of shard-1's leader; within a second another replica of"
                        + " shard-1 leads (its log says so), and every account of shard-1 still answers",
                "  type 'pause " + leader + "' here: SIGSTOP; the other two elect a new leader, and 'resume " + leader
                        + "' wakes the old one, which steps down on the first message of the new term",
                "  mvn -q -pl chapter05-replication exec:java@load -Dexec.args=\"--url " + api + " --clients 16 --duration 10\"",
                cluster.settings().admin()
                        ? "  the operator's token, which the admin and fault endpoints ask for: " + cluster.adminTokenFile()
                        : "  (the replicas take calls only with the cluster's secret, " + cluster.secretFile() + ")",
                cluster.settings().admin()
                        ? "  type 'replace s1r3' here: s1r3 is killed and its disk thrown away; a new machine, s1r4, joins"
                        + " shard-1 as a learner, is promoted, and s1r3 is removed; then 'kill s1r2': shard-1 still serves"
                        : "  (start the launcher with --admin, and 'replace s1r3' replaces a machine gone for good)",
                cluster.settings().admin()
                        ? "  type 'add-shard' here: shard-" + (cluster.settings().shards() + 1) + " starts, and about 1/"
                        + (cluster.settings().shards() + 1) + " of the accounts move to it while the bank serves"
                        : "  (start the launcher with --admin, and 'add-shard' adds a shard while the bank serves)",
                launcher.pageUrl() != null
                        ? "  open " + launcher.pageUrl() + " : the live page; its buttons kill, pause, isolate and replace"
                        + " nodes, and it lists each step of a replace as it is done"
                        : "  (start the launcher with --page 7000, and http://127.0.0.1:7000 shows every node live)",
                "Press Ctrl-C to stop all."));
        return String.join("\n", lines);
    }

    private static String role(Cluster.Node node) {
        return switch (node.name()) {
            case "website" -> "open it in a browser";
            case "balancer" -> "the public API (README.md, \"The API\"): the front door";
            default -> node.main() == ReplicaMain.class ? "a replica of " + node.shard() + ": only the logic nodes call it"
                    : "a logic node: stateless, any one can take any request";
        };
    }
}
