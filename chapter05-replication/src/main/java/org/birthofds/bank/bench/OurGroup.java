package org.birthofds.bank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Json;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.tiers.TierProcess;

/**
 * One of our shards: three replica JVMs ({@code group.ReplicaMain}), each with its journal, as the
 * launcher starts them. A write is a deposit of 1 cent into the client's own account, so that
 * clients never wait for each other's locks: as etcd's puts of distinct keys.
 */
final class OurGroup implements ThreeReplicas {
    /** The replicas' own default (group.GroupFlags): a follower waits 150 to 300 ms for a heartbeat. */
    static final int DEFAULT_ELECTION_MS = 150;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPOSIT = Json.write(Map.of("amount", 1));

    private final Path dir;
    private final List<URI> urls;
    private final int electionMs;
    private final TierProcess[] replicas = new TierProcess[3];

    private OurGroup(Path dir, List<URI> urls, int electionMs) {
        this.dir = dir;
        this.urls = urls;
        this.electionMs = electionMs;
    }

    /** Three replicas started with {@code --election-ms electionMs}, on fresh data in {@code dir}. */
    static OurGroup start(Path dir, int electionMs) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Proof.writeNewSecret(dir.resolve("cluster.secret"));
        OurGroup group = new OurGroup(dir, freeUrls(), electionMs);
        Runtime.getRuntime().addShutdownHook(new Thread(group::close));
        for (int i = 0; i < 3; i++) {
            group.restart(i);
        }
        group.awaitHealthy(Duration.ofSeconds(60));
        return group;
    }

    /** The cluster's secret, which the replicas ask of every call but health and status. */
    Path secretFile() {
        return dir.resolve("cluster.secret");
    }

    @Override
    public Proof proof() {
        try {
            return Proof.fromFile(secretFile(), "bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shard map of a bank whose one shard is this group. */
    String shardMap() {
        return "shard-1=" + String.join("|", urls.stream().map(URI::toString).toList());
    }

    /** Opens the account of each client, through the leader. */
    void openAccounts(List<String> clients) throws Unreachable {
        openAccounts(urls.get(leader()), proof(), clients);
    }

    /** Opens the account of each client at {@code url}: our leader, or chapter 2's single process. */
    static void openAccounts(URI url, Proof proof, List<String> clients) throws Unreachable {
        try (HttpRemote bank = new HttpRemote("bank", url, 500, 5000, proof)) {
            for (String client : clients) {
                bank.call("POST", "/accounts", Json.write(Map.of("id", account(client))), null);
            }
        }
    }

    @Override
    public String name() {
        return "ours";
    }

    /** The timing the replicas make of --election-ms: ticks of their loop's 10 ms, as {@link Config} spaces them. */
    @Override
    public String timing() {
        int tickMs = 10;
        Config config = Config.raft().withElectionTicks(electionMs / tickMs);
        return String.format("heartbeat %d ms, election timeout %d-%d ms", config.heartbeatTicks() * tickMs,
                config.electionTicksMin() * tickMs, config.electionTicksMax() * tickMs);
    }

    @Override
    public List<URI> members() {
        return urls;
    }

    @Override
    public int leader() {
        for (int i = 0; i < 3; i++) {
            JsonNode status = status(i);
            if (status != null && status.path("role").asText().equals("LEADER")) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public long term(int member) {
        JsonNode status = status(member);
        return status == null ? -1 : status.path("term").asLong();
    }

    /** The batches it has forced to its journal: one fsync each. */
    @Override
    public long fsyncs(int member) {
        JsonNode status = status(member);
        return status == null ? -1 : status.path("forced").asLong();
    }

    @Override
    public String write(HttpRemote member, String client, long n) throws Unreachable {
        return deposit(member, client);
    }

    /** A deposit of 1 cent into the client's own account: null when acknowledged, else the refusal. */
    static String deposit(HttpRemote bank, String client) throws Unreachable {
        Response answer = bank.call("POST", "/accounts/" + account(client) + "/deposits", DEPOSIT, null);
        return answer.ok() ? null : answer.status() + " " + answer.body();
    }

    /** The CPU time of one member's process so far. */
    Duration cpuTime(int member) {
        return replicas[member].cpuTime();
    }

    @Override
    public Duration cpuTime() {
        Duration total = Duration.ZERO;
        for (TierProcess replica : replicas) {
            total = total.plus(replica.cpuTime());
        }
        return total;
    }

    @Override
    public void kill(int member) throws InterruptedException {
        replicas[member].kill();
    }

    @Override
    public void restart(int member) throws IOException {
        List<String> peers = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            if (j != member) {
                peers.add("r" + (j + 1) + "=" + urls.get(j));
            }
        }
        replicas[member] = TierProcess.start(ReplicaMain.class, List.of("--id", "r" + (member + 1), "--peers",
                String.join(",", peers), "--port", "" + urls.get(member).getPort(), "--data",
                dir.resolve("r" + (member + 1)).toString(), "--shards", shardMap(), "--secret-file", secretFile().toString(),
                "--election-ms", "" + electionMs),
                line -> { });
    }

    @Override
    public void awaitHealthy(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (leader() < 0 || !allAnswer()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("our group had no leader within " + within.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        for (TierProcess replica : replicas) {
            if (replica != null) {
                try {
                    replica.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private boolean allAnswer() {
        for (int i = 0; i < 3; i++) {
            if (status(i) == null) {
                return false;
            }
        }
        return true;
    }

    /** GET /status of replica {@code i} (group.GroupBodies.State), or null if it does not answer. */
    private JsonNode status(int i) {
        try (HttpRemote replica = new HttpRemote("replica", urls.get(i), 200, 500)) {
            Response status = replica.call("GET", "/status", null, null);
            return status.ok() ? JSON.readTree(status.body()) : null;
        } catch (Unreachable | IOException e) {
            return null; // dead or paused
        }
    }

    static String account(String client) {
        return "bench-" + client;
    }

    /** Three free ports, chosen before any replica starts: each must be told the others' URLs. */
    private static List<URI> freeUrls() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<URI> urls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                urls.add(URI.create("http://127.0.0.1:" + socket.getLocalPort()));
            }
            return urls;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
