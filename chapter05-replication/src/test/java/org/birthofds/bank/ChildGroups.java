package org.birthofds.bank;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.shard.ShardMap;

/**
 * Chapter 5's shards for tests: groups of three replicas, each replica a JVM of its own (a child,
 * so that a test can SIGKILL or SIGSTOP it as a machine dies or freezes), named s1r1..s1r3,
 * s2r1.. for shard-1, shard-2. Every replica must know its peers' URLs before it starts, so the
 * ports are chosen first (free ones); a restarted replica comes back on its port and its journal.
 * Closing kills every replica still running.
 */
final class ChildGroups implements AutoCloseable {
    static final Duration CEILING = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;
    private final int shards;
    private final List<String> extraFlags;
    private final List<String> jvmOptions;
    private final Map<String, String> urls = new LinkedHashMap<>(); // replica -> URL, every replica of every group
    private final Map<String, ChildBank> running = new LinkedHashMap<>();
    private final Map<String, HttpRemote> probes = new LinkedHashMap<>();

    private ChildGroups(Path data, int shards, List<String> jvmOptions, List<String> extraFlags) {
        this.data = data;
        this.shards = shards;
        this.jvmOptions = jvmOptions;
        this.extraFlags = extraFlags;
    }

    /** {@code shards} groups of three replicas, started with {@code extraFlags} besides their own, each with a leader. */
    static ChildGroups start(Path data, int shards, String... extraFlags) throws IOException {
        return startWith(List.of(), data, shards, extraFlags);
    }

    /** As {@link #start}, each replica's JVM started with {@code jvmOptions} (a test hook's property). */
    static ChildGroups startWith(List<String> jvmOptions, Path data, int shards, String... extraFlags) throws IOException {
        ChildGroups groups = new ChildGroups(data, shards, List.copyOf(jvmOptions), List.of(extraFlags));
        try {
            groups.choosePorts();
            groups.startAll();
            for (int shard = 1; shard <= shards; shard++) {
                groups.awaitLeader(shard); // a test's first request should not race the first election
            }
        } catch (IOException | RuntimeException e) {
            groups.close();
            throw e;
        }
        return groups;
    }

    /** The shard map every logic node and replica loads: shard-i = its three replicas' URLs. */
    /** What a test's own call to a replica must carry (the replicas are started with the tests' secret). */
    static Proof proof() {
        return TestSecret.proof("test");
    }

    ShardMap map() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int s = 1; s <= shards; s++) {
            map.put("shard-" + s, String.join("|", replicasOf(s).stream().map(urls::get).toList()));
        }
        return ShardMap.of(map);
    }

    List<String> replicasOf(int shard) {
        return List.of("s" + shard + "r1", "s" + shard + "r2", "s" + shard + "r3");
    }

    String url(String replica) {
        return urls.get(replica);
    }

    /** Starts (or restarts, on its port and its journal) one replica, and waits until it serves. */
    ChildBank start(String replica) throws IOException {
        ChildBank child = startChild(replica);
        running.put(replica, child);
        return child;
    }

    /** Restarts one replica on its port and journal without the JVM options the group was started with (a test hook off). */
    ChildBank startWithoutOptions(String replica) throws IOException {
        ChildBank child = startChild(replica, List.of());
        running.put(replica, child);
        return child;
    }

    private ChildBank startChild(String replica) throws IOException {
        return startChild(replica, jvmOptions);
    }

    private ChildBank startChild(String replica, List<String> options) throws IOException {
        int shard = Integer.parseInt(replica.substring(1, replica.indexOf('r')));
        String peers = replicasOf(shard).stream().filter(r -> !r.equals(replica)).map(r -> r + "=" + urls.get(r))
                .collect(Collectors.joining(","));
        List<String> flags = new ArrayList<>(List.of("--id", replica, "--peers", peers,
                "--port", "" + URI.create(urls.get(replica)).getPort(), "--data", data.resolve(replica).toString(),
                "--shard-id", "shard-" + shard, "--shards", map().inline(), "--secret-file", TestSecret.path()));
        flags.addAll(extraFlags);
        return ChildBank.startExactly(options, ReplicaMain.class, flags.toArray(String[]::new));
    }

    private static void killQuietly(ChildBank child) {
        try {
            child.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every replica at once: a JVM spends most of its start waiting on disk and class loading, so they overlap. */
    private void startAll() throws IOException {
        List<CompletableFuture<ChildBank>> starting = new ArrayList<>();
        for (String replica : urls.keySet()) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return startChild(replica);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        List<String> names = List.copyOf(urls.keySet());
        for (int i = 0; i < names.size(); i++) {
            try {
                running.put(names.get(i), starting.get(i).join());
            } catch (CompletionException e) {
                starting.forEach(f -> f.thenAccept(ChildGroups::killQuietly));
                throw new IOException(names.get(i) + " did not start", e.getCause());
            }
        }
    }

    ChildBank replica(String replica) {
        return running.get(replica);
    }

    /**
     * A new machine for {@code shard}'s group, {@code replica}, on a free port and an empty data
     * directory, started with --join: a learner of the group as its three first replicas make it,
     * until the leader promotes it (POST /admin/members). Its URL is what the change names.
     */
    ChildBank join(String replica, int shard, String... extraFlags) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            urls.put(replica, "http://127.0.0.1:" + socket.getLocalPort());
        }
        String peers = replicasOf(shard).stream().map(r -> r + "=" + urls.get(r)).collect(Collectors.joining(","));
        List<String> flags = new ArrayList<>(List.of("--id", replica, "--peers", peers, "--join",
                "--port", "" + URI.create(urls.get(replica)).getPort(), "--data", data.resolve(replica).toString(),
                "--shard-id", "shard-" + shard, "--shards", map().inline(), "--secret-file", TestSecret.path()));
        flags.addAll(this.extraFlags);
        flags.addAll(List.of(extraFlags));
        ChildBank child = ChildBank.startExactly(jvmOptions, ReplicaMain.class, flags.toArray(String[]::new));
        running.put(replica, child);
        return child;
    }

    /**
     * One change of shard-1's members (POST /admin/members), asked of whichever of its replicas
     * leads, again while the answer is not_leader, refused (not caught up yet) or unknown. The
     * replicas must run with --admin and the tests' admin token.
     */
    void changeMembers(String change, String id, String url) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("change", change, "id", id));
        if (url != null) {
            fields.put("url", url);
        }
        String body = JSON.writeValueAsString(fields);
        List<String> group = urls.keySet().stream().filter(r -> r.startsWith("s1r")).toList();
        await().atMost(CEILING).pollInterval(Duration.ofMillis(200)).until(() -> {
            String leader = awaitLeaderAmong(group);
            try (HttpRemote remote = new HttpRemote(leader, URI.create(urls.get(leader)), 500, 5000, TestSecret.operator())) {
                return remote.call("POST", "/admin/members", body, null).ok();
            }
        });
    }

    /** Kills {@code replica} (SIGKILL) and throws its disk away: a machine gone for good. */
    void killAndWipe(String replica) throws InterruptedException, IOException {
        kill(replica);
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(data.resolve(replica))) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
    }

    /** The one running replica among {@code replicas} that says it leads, once there is one. */
    String awaitLeaderAmong(List<String> replicas) {
        AtomicReference<String> leader = new AtomicReference<>();
        await().atMost(CEILING).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> leaders = replicas.stream().filter(running::containsKey)
                    .filter(r -> "LEADER".equals(status(r).path("role").asText())).toList();
            leader.set(leaders.size() == 1 ? leaders.get(0) : null);
            return leader.get() != null;
        });
        return leader.get();
    }

    void kill(String replica) throws InterruptedException {
        running.remove(replica).kill();
    }

    /** The replica of the group that says it leads, once exactly one running replica of it does. */
    String awaitLeader(int shard) {
        AtomicReference<String> leader = new AtomicReference<>();
        await().atMost(CEILING).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> leaders = replicasOf(shard).stream().filter(running::containsKey)
                    .filter(r -> "LEADER".equals(status(r).path("role").asText())).toList();
            leader.set(leaders.size() == 1 ? leaders.get(0) : null);
            return leader.get() != null;
        });
        return leader.get();
    }

    /** GET /status, with short timeouts: a paused or dead replica answers nothing (a missing node). */
    JsonNode status(String replica) {
        HttpRemote probe = probes.computeIfAbsent(replica, r -> new HttpRemote(r, URI.create(urls.get(r)), 300, 1000));
        try {
            Response answer = probe.call("GET", "/status", null, null);
            return answer.ok() ? JSON.readTree(answer.body()) : MissingNode.getInstance();
        } catch (Unreachable | IOException e) {
            return MissingNode.getInstance();
        }
    }

    private void choosePorts() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int s = 1; s <= shards; s++) {
                for (String replica : replicasOf(s)) {
                    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(socket);
                    urls.put(replica, "http://127.0.0.1:" + socket.getLocalPort());
                }
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    @Override
    public void close() {
        probes.values().forEach(HttpRemote::close);
        for (ChildBank replica : running.values()) {
            try {
                replica.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
