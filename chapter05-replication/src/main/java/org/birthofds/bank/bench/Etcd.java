package org.birthofds.bank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Json;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;

/**
 * A production Raft engine beside ours: three etcd members (Debian's etcd-server) on loopback,
 * each a child process with a data directory of its own, with etcd's defaults for everything but
 * the timing, which is chosen: a write is fsynced by a majority before it is answered. Clients use
 * its JSON gateway (POST /v3/kv/put).
 */
final class Etcd implements ThreeReplicas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIRST_CLIENT_PORT = 23791;
    private static final int FIRST_PEER_PORT = 23801;
    /** A counter of etcd's Prometheus metrics: one fsync of its write-ahead log each. */
    private static final String WAL_FSYNCS = "etcd_disk_wal_fsync_duration_seconds_count";

    /**
     * How often the leader sends heartbeats, and the shortest election timeout (etcd draws each in
     * [electionMs, 2 electionMs), as ours does).
     */
    record Timing(int heartbeatMs, int electionMs) {
        /** etcd's own defaults. */
        static final Timing DEFAULTS = new Timing(100, 1000);

        /**
         * As close to ours as etcd allows. The same election timeout, which is what a failover
         * waits for; but etcd refuses an election timeout under 5 heartbeats, so its heartbeat is
         * a fifth of it, not our third (30 ms against our 50 at 150). That favours etcd a little: its
         * last heartbeat before a kill is more recent, so its followers notice the silence sooner.
         */
        static Timing like(int ourElectionMs) {
            return new Timing(ourElectionMs / 5, ourElectionMs);
        }
    }

    private final Path dir;
    private final Timing timing;
    private final Process[] members = new Process[3];

    private Etcd(Path dir, Timing timing) {
        this.dir = dir;
        this.timing = timing;
    }

    static boolean installed() {
        return Path.of("/usr/bin/etcd").toFile().canExecute();
    }

    /** Starts the three members on fresh data in {@code dir}, and waits until they have a leader. */
    static Etcd start(Path dir, Timing timing) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Etcd etcd = new Etcd(dir, timing);
        Runtime.getRuntime().addShutdownHook(new Thread(etcd::close));
        for (int i = 0; i < 3; i++) {
            etcd.startMember(i);
        }
        etcd.awaitHealthy(Duration.ofSeconds(60));
        return etcd;
    }

    @Override
    public String name() {
        return "etcd " + version();
    }

    @Override
    public String timing() {
        return String.format("heartbeat %d ms, election timeout %d-%d ms%s", timing.heartbeatMs(), timing.electionMs(),
                2 * timing.electionMs(), timing.equals(Timing.DEFAULTS) ? " (its defaults)" : "");
    }

    @Override
    public List<URI> members() {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            urls.add(URI.create("http://127.0.0.1:" + (FIRST_CLIENT_PORT + i)));
        }
        return urls;
    }

    /** The member that leads, by index, or -1: each member's status names the leader's member id. */
    @Override
    public int leader() {
        for (int i = 0; i < 3; i++) {
            JsonNode status = status(i);
            if (status != null && status.path("leader").asText().equals(status.path("header").path("member_id").asText())) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public long term(int member) {
        JsonNode status = status(member);
        return status == null ? -1 : status.path("raftTerm").asLong(); // the gateway writes 64-bit numbers as strings
    }

    /** Its write-ahead log's fsyncs, from its Prometheus metrics (GET /metrics on the client URL). */
    @Override
    public long fsyncs(int member) {
        try (HttpRemote client = new HttpRemote("etcd", members().get(member), 200, 1000)) {
            Response metrics = client.call("GET", "/metrics", null, null);
            return metrics.ok() ? counter(metrics.body(), WAL_FSYNCS) : -1;
        } catch (Unreachable e) {
            return -1;
        }
    }

    /** The value of a counter in Prometheus' text format, a line "name value"; -1 if it is not there. */
    private static long counter(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(name.length() + 1).trim()))
                .findFirst().orElse(-1);
    }

    @Override
    public String write(HttpRemote member, String client, long n) throws Unreachable {
        String key = base64(client + "-" + n);
        Response answer = member.call("POST", "/v3/kv/put", Json.write(java.util.Map.of("key", key, "value", base64("1"))), null);
        return answer.ok() && Json.field(answer.body(), "header") != null ? null : answer.status() + " " + answer.body();
    }

    @Override
    public Duration cpuTime() {
        Duration total = Duration.ZERO;
        for (Process member : members) {
            total = total.plus(member.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return total;
    }

    @Override
    public void kill(int member) throws InterruptedException {
        members[member].destroyForcibly(); // SIGKILL
        members[member].waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void restart(int member) throws IOException {
        startMember(member); // on its data directory, which holds its membership: the cluster's flags are then ignored
    }

    @Override
    public void awaitHealthy(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            int leader = leader();
            boolean allUp = leader >= 0 && status(0) != null && status(1) != null && status(2) != null;
            if (allUp) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("etcd had no healthy leader within " + within.toSeconds() + " s; see " + dir);
    }

    /** Kills every member and waits until they are gone: the next cluster takes the same ports. */
    @Override
    public void close() {
        for (Process member : members) {
            if (member != null) {
                member.destroyForcibly();
                try {
                    member.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void startMember(int i) throws IOException {
        String name = "e" + (i + 1);
        String cluster = "e1=http://127.0.0.1:" + FIRST_PEER_PORT + ",e2=http://127.0.0.1:" + (FIRST_PEER_PORT + 1)
                + ",e3=http://127.0.0.1:" + (FIRST_PEER_PORT + 2);
        List<String> command = List.of("/usr/bin/etcd", "--name", name, "--data-dir", dir.resolve(name).toString(),
                "--listen-client-urls", "http://127.0.0.1:" + (FIRST_CLIENT_PORT + i),
                "--advertise-client-urls", "http://127.0.0.1:" + (FIRST_CLIENT_PORT + i),
                "--listen-peer-urls", "http://127.0.0.1:" + (FIRST_PEER_PORT + i),
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + (FIRST_PEER_PORT + i),
                "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", "bank-bench",
                "--heartbeat-interval", "" + timing.heartbeatMs(), "--election-timeout", "" + timing.electionMs(),
                "--log-level", "error");
        members[i] = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private JsonNode status(int i) {
        try (HttpRemote member = new HttpRemote("etcd", members().get(i), 200, 500)) {
            Response answer = member.call("POST", "/v3/maintenance/status", "{}", null);
            return answer.ok() ? JSON.readTree(answer.body()) : null;
        } catch (Unreachable | IOException e) {
            return null;
        }
    }

    private String version() {
        JsonNode status = status(Math.max(0, leader()));
        return status == null ? "" : status.path("version").asText();
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
