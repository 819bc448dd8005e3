package org.birthofds.bank.tiers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.balancer.BalancerMain;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.shard.ShardMap;
import org.birthofds.bank.website.WebsiteMain;

/**
 * Which nodes chapter 5's bank runs, on which ports, and what each is told about the others:
 * only URLs. Nothing here assumes one machine; with {@code --host} and the same flags, each node
 * could start on a machine of its own. Back to front: the shards, each a group of three replicas
 * (s1r1, s1r2, s1r3 hold shard-1), the logic nodes that call them, the balancer in front of those,
 * and the website, which calls the balancer like any client.
 *
 * @param nodes    back to front, in the order they start
 * @param settings what the plan was made from, to plan the same cluster with one more shard
 */
record Cluster(List<Node> nodes, Settings settings) {
    static final int DEFAULT_LOGIC = 3;
    static final int DEFAULT_SHARDS = 2;
    static final int REPLICAS = 3;
    static final int BALANCER_PORT = 7070;
    static final int FIRST_LOGIC_PORT = 7081;
    static final int WEBSITE_PORT = 8080;

    /**
     * One node: its name in the launcher's output and commands, its main, its flags, and where it will serve.
     *
     * @param shard the shard a replica holds ("shard-1"), or null for any other node
     */
    record Node(String name, Class<?> main, List<String> flags, String url, String shard) {
    }

    /**
     * @param dataDir    where replica s1r2 keeps its journal ({@code dataDir/s1r2})
     * @param admin      whether the replicas, logic nodes and balancer serve their admin endpoints (adding a shard
     *                   and the live page need them), and the replicas their fault endpoints ("isolate")
     * @param portOffset added to every port, so that a second cluster (a test's) can run beside the first
     * @param members    shard i's replicas by number, where a replace has changed them (s1r3 replaced by s1r4:
     *                   1 = [1, 2, 4]); a shard not named here has replicas 1, 2 and 3
     */
    record Settings(String host, int logicNodes, int shards, Path dataDir, String policy, boolean admin, int portOffset,
                    Map<Integer, List<Integer>> members) {
        Settings {
            members = Map.copyOf(members);
        }

        Settings(String host, int logicNodes, int shards, Path dataDir, String policy, boolean admin, int portOffset) {
            this(host, logicNodes, shards, dataDir, policy, admin, portOffset, Map.of());
        }

        Settings(String host, int logicNodes, int shards, Path dataDir, String policy, boolean admin) {
            this(host, logicNodes, shards, dataDir, policy, admin, 0);
        }

        /** The same settings with another shape: {@code shards} shards, and {@code members} as their replicas. */
        Settings withShape(int shards, Map<Integer, List<Integer>> members) {
            return new Settings(host, logicNodes, shards, dataDir, policy, admin, portOffset, members);
        }

        /** Shard {@code shard}'s replicas, by number. */
        List<Integer> replicas(int shard) {
            return members.getOrDefault(shard, java.util.stream.IntStream.rangeClosed(1, REPLICAS).boxed().toList());
        }
    }

    static Cluster plan(String host, int logicNodes, int shards, Path dataDir, String policy) {
        return plan(new Settings(host, logicNodes, shards, dataDir, policy, false));
    }

    /** The same cluster with shard M+1: every node's flags name the new shard map, so a restart uses it. */
    Cluster withOneMoreShard() {
        Settings s = settings;
        return plan(new Settings(s.host(), s.logicNodes(), s.shards() + 1, s.dataDir(), s.policy(), s.admin(),
                s.portOffset(), s.members()));
    }

    /** The same cluster with one more replica in {@code shard}'s group, the next number up (s1r4 beside s1r1..s1r3). */
    Cluster withAdded(String shard) {
        int number = shardNumber(shard);
        List<Integer> replicas = new ArrayList<>(settings.replicas(number));
        replicas.add(nextReplica(number, replicas));
        return withMembers(number, replicas);
    }

    /** The same cluster with {@code replica} no longer in its group; a group keeps at least one. */
    Cluster withRemoved(String replica) {
        int number = shardOf(replica);
        List<Integer> replicas = new ArrayList<>(settings.replicas(number));
        if (replicas.size() == 1) {
            throw new IllegalArgumentException(replica + " is the last replica of shard-" + number + ".");
        }
        replicas.remove(Integer.valueOf(replica.substring(replica.indexOf('r') + 1)));
        return withMembers(number, replicas);
    }

    private int shardOf(String replica) {
        Node node = node(replica);
        if (node.shard() == null) {
            throw new IllegalArgumentException(replica + " is no replica: only a replica of a shard's group is meant.");
        }
        return shardNumber(node.shard());
    }

    private int shardNumber(String shard) {
        if (!shard.startsWith("shard-") || group(shard).isEmpty()) {
            throw new IllegalArgumentException("No shard named '" + shard + "'; the shards are shard-1 to shard-"
                    + settings.shards() + ".");
        }
        return Integer.parseInt(shard.substring("shard-".length()));
    }

    private static int nextReplica(int shard, List<Integer> replicas) {
        int next = replicas.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        if (next > 9) {
            throw new IllegalArgumentException("Shard-" + shard + " has used its nine replica ports.");
        }
        return next;
    }

    private Cluster withMembers(int shard, List<Integer> replicas) {
        Map<Integer, List<Integer>> members = new LinkedHashMap<>(settings.members());
        members.put(shard, List.copyOf(replicas));
        Settings s = settings;
        return plan(new Settings(s.host(), s.logicNodes(), s.shards(), s.dataDir(), s.policy(), s.admin(), s.portOffset(),
                members));
    }

    /**
     * The same cluster with replica {@code dead} of a shard replaced by a new machine, the next
     * number up (s1r3 by s1r4): every node's flags name the new shard map, so a restart uses it.
     */
    Cluster withReplaced(String dead) {
        int number = shardOf(dead);
        List<Integer> replicas = new ArrayList<>(settings.replicas(number));
        replicas.set(replicas.indexOf(Integer.parseInt(dead.substring(dead.indexOf('r') + 1))), nextReplica(number, replicas));
        return withMembers(number, replicas);
    }

    /** Shard i's replica j: s{i}r{j}, on port 7100 + 10 i + j (s1r1 on 7111, s2r3 on 7123). */
    static String replica(int shard, int replica) {
        return "s" + shard + "r" + replica;
    }

    /** The shards and their replicas' URLs, as the shard map every node loads. */
    ShardMap shardMap() {
        return shardMap(settings);
    }

    static Cluster plan(Settings settings) {
        String host = settings.host();
        List<String> admin = settings.admin() ? List.of("--admin", "--admin-token-file", adminTokenFile(settings).toString())
                : List.of();
        int offset = settings.portOffset();
        String shardList = shardMap(settings).inline();
        List<Node> nodes = new ArrayList<>();
        for (int s = 1; s <= settings.shards(); s++) {
            for (int r : settings.replicas(s)) {
                nodes.add(replicaNode(settings, s, r, shardList));
            }
        }
        List<String> logicPairs = new ArrayList<>();
        for (int i = 1; i <= settings.logicNodes(); i++) {
            String name = "logic-" + i;
            int port = FIRST_LOGIC_PORT + i - 1 + offset;
            List<String> flags = new ArrayList<>(List.of("--port", "" + port, "--host", host, "--node", name));
            flags.addAll(List.of("--shards", shardList, "--secret-file", secretFile(settings).toString()));
            flags.addAll(admin);
            nodes.add(new Node(name, LogicMain.class, flags, url(host, port), null));
            logicPairs.add(name + "=" + url(host, port));
        }
        List<String> balancer = new ArrayList<>(List.of("--port", "" + (BALANCER_PORT + offset), "--host", host,
                "--policy", settings.policy(), "--nodes", String.join(",", logicPairs)));
        balancer.addAll(admin); // its counters, which the live page reads
        nodes.add(new Node("balancer", BalancerMain.class, balancer, url(host, BALANCER_PORT + offset), null));
        nodes.add(new Node("website", WebsiteMain.class, List.of("--port", "" + (WEBSITE_PORT + offset), "--host", host,
                "--logic-url", url(host, BALANCER_PORT + offset)), url(host, WEBSITE_PORT + offset), null));
        return new Cluster(List.copyOf(nodes), settings);
    }

    private static Node replicaNode(Settings settings, int shard, int replica, String shardList) {
        String host = settings.host();
        String name = replica(shard, replica);
        int offset = settings.portOffset();
        List<String> peers = new ArrayList<>();
        for (int r : settings.replicas(shard)) {
            if (r != replica) {
                peers.add(replica(shard, r) + "=" + url(host, port(shard, r) + offset));
            }
        }
        List<String> flags = new ArrayList<>(List.of("--id", name, "--peers", String.join(",", peers),
                "--port", "" + (port(shard, replica) + offset), "--host", host,
                "--data", settings.dataDir().resolve(name).toString(), "--shard-id", "shard-" + shard, "--shards", shardList,
                "--secret-file", secretFile(settings).toString()));
        String disks = disks(settings, shard);
        if (!disks.isEmpty()) {
            flags.addAll(List.of("--disks", disks));
        }
        if (settings.admin()) {
            flags.addAll(List.of("--admin", "--faults", "--admin-token-file", adminTokenFile(settings).toString()));
        }
        return new Node(name, ReplicaMain.class, flags, url(host, port(shard, replica) + offset), "shard-" + shard);
    }

    /**
     * The disks shard {@code shard}'s replicas were set up on (the launcher names them before the
     * first start), as --disks: a replica's directory thrown away has no name, and is left out.
     */
    private static String disks(Settings settings, int shard) {
        List<String> named = new ArrayList<>();
        for (int r : settings.replicas(shard)) {
            try {
                String disk = ReplicaMain.diskIn(settings.dataDir().resolve(replica(shard, r)));
                if (disk != null) {
                    named.add(replica(shard, r) + "=" + disk);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return String.join(",", named);
    }

    /** The cluster's shared secret, which every internal call carries proof of: made at the first start, kept after. */
    Path secretFile() {
        return secretFile(settings);
    }

    private static Path secretFile(Settings settings) {
        return settings.dataDir().resolve("cluster.secret");
    }

    /** The operator's token, which every admin and fault endpoint asks for: made anew at every start of the launcher. */
    Path adminTokenFile() {
        return adminTokenFile(settings);
    }

    private static Path adminTokenFile(Settings settings) {
        return settings.dataDir().resolve("admin.token");
    }

    private static ShardMap shardMap(Settings settings) {
        Map<String, String> groups = new LinkedHashMap<>();
        for (int s = 1; s <= settings.shards(); s++) {
            List<String> urls = new ArrayList<>();
            for (int r : settings.replicas(s)) {
                urls.add(url(settings.host(), port(s, r) + settings.portOffset()));
            }
            groups.put("shard-" + s, String.join("|", urls));
        }
        return ShardMap.of(groups);
    }

    private static int port(int shard, int replica) {
        return 7100 + 10 * shard + replica;
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

    /** The replicas of one shard, in order. */
    List<Node> group(String shard) {
        return nodes.stream().filter(n -> shard.equals(n.shard())).toList();
    }

    private static String url(String host, int port) {
        return "http://" + host + ":" + port;
    }
}
