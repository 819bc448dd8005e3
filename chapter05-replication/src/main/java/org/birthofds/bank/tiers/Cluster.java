package org.birthofds.bank.tiers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.Main;
import org.birthofds.bank.balancer.BalancerMain;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.shard.ShardMap;
import org.birthofds.bank.website.WebsiteMain;

/**
 * Which nodes chapter 4's bank runs, on which ports, and what each is told about the others:
 * only URLs. Nothing here assumes one machine; with {@code --host} and the same flags, each node
 * could start on a machine of its own (the chapter's README shows the commands). Back to front:
 * the data shards, the logic nodes that call them, the balancer in front of those, and the
 * website, which calls the balancer like any client.
 *
 * @param nodes    back to front, in the order they start
 * @param settings what the plan was made from, to plan the same cluster with one more shard
 */
record Cluster(List<Node> nodes, Settings settings) {
    static final int DEFAULT_LOGIC = 3;
    static final int DEFAULT_SHARDS = 3;
    static final int BALANCER_PORT = 7070;
    static final int FIRST_LOGIC_PORT = 7081;
    static final int FIRST_SHARD_PORT = 7091;
    static final int WEBSITE_PORT = 8080;

    /** One node: its name in the launcher's output and commands, its main, its flags, and where it will serve. */
    record Node(String name, Class<?> main, List<String> flags, String url) {
    }

    /**
     * @param dataDir where shard i keeps its journal ({@code dataDir/shard-i}); null keeps balances in memory only
     * @param admin   whether the shards and logic nodes serve their admin endpoints, which adding a shard needs
     */
    record Settings(String host, int logicNodes, int shards, Path dataDir, String policy, boolean admin) {
    }

    static Cluster plan(String host, int logicNodes, int shards, Path dataDir, String policy) {
        return plan(new Settings(host, logicNodes, shards, dataDir, policy, false));
    }

    /** The same cluster with shard M+1: every node's flags name the new shard map, so a restart uses it. */
    Cluster withOneMoreShard() {
        Settings s = settings;
        return plan(new Settings(s.host(), s.logicNodes(), s.shards() + 1, s.dataDir(), s.policy(), s.admin()));
    }

    /** The shards and their URLs, as the shard map every node loads. */
    ShardMap shardMap() {
        Map<String, String> urls = new LinkedHashMap<>();
        ofKind(Main.class).forEach(n -> urls.put(n.name(), n.url()));
        return ShardMap.of(urls);
    }

    static Cluster plan(Settings settings) {
        String host = settings.host();
        int logicNodes = settings.logicNodes();
        int shards = settings.shards();
        Path dataDir = settings.dataDir();
        String policy = settings.policy();
        List<String> admin = settings.admin() ? List.of("--admin") : List.of();
        List<Node> nodes = new ArrayList<>();
        List<String> shardPairs = new ArrayList<>();
        for (int i = 1; i <= shards; i++) {
            shardPairs.add("shard-" + i + "=" + url(host, FIRST_SHARD_PORT + i - 1));
        }
        String shardList = String.join(",", shardPairs);
        for (int i = 1; i <= shards; i++) {
            String name = "shard-" + i;
            int port = FIRST_SHARD_PORT + i - 1;
            List<String> flags = new ArrayList<>(List.of("--port", "" + port, "--host", host, "--node", name,
                    "--workers", "16")); // 16 writers give group commit forces to share
            flags.addAll(dataDir == null ? List.of("--memory-only") : List.of("--data", dataDir.resolve(name).toString()));
            flags.addAll(List.of("--shard-id", name, "--shards", shardList));
            flags.addAll(admin);
            nodes.add(new Node(name, Main.class, flags, url(host, port)));
        }
        List<String> logicPairs = new ArrayList<>();
        for (int i = 1; i <= logicNodes; i++) {
            String name = "logic-" + i;
            int port = FIRST_LOGIC_PORT + i - 1;
            List<String> flags = new ArrayList<>(List.of("--port", "" + port, "--host", host, "--node", name));
            flags.addAll(List.of("--shards", shardList));
            flags.addAll(admin);
            nodes.add(new Node(name, LogicMain.class, flags, url(host, port)));
            logicPairs.add(name + "=" + url(host, port));
        }
        nodes.add(new Node("balancer", BalancerMain.class, List.of("--port", "" + BALANCER_PORT, "--host", host,
                "--policy", policy, "--nodes", String.join(",", logicPairs)), url(host, BALANCER_PORT)));
        nodes.add(new Node("website", WebsiteMain.class, List.of("--port", "" + WEBSITE_PORT, "--host", host,
                "--logic-url", url(host, BALANCER_PORT)), url(host, WEBSITE_PORT)));
        return new Cluster(List.copyOf(nodes), settings);
    }

    Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node named '" + name + "'; the nodes are "
                        + String.join(", ", names()) + "."));
    }

    List<String> names() {
        return nodes.stream().map(Node::name).toList();
    }

    List<Node> ofKind(Class<?> main) {
        return nodes.stream().filter(n -> n.main() == main).toList();
    }

    private static String url(String host, int port) {
        return "http://" + host + ":" + port;
    }
}
