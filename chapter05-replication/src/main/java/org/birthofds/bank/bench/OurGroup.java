package org.birthofds.bank.bench;

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
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Json;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.tiers.TierProcess;

/**
 * One of our shards: three replica JVMs ({@code group.ReplicaMain}), each with its journal, as the
 * launcher starts them. A write is a deposit of 1 cent into the client's own account, so that
 * clients never wait for each other's locks: as etcd's puts of distinct keys.
 */
final class OurGroup implements ThreeReplicas {
    private final Path dir;
    private final List<URI> urls;
    private final TierProcess[] replicas = new TierProcess[3];

    private OurGroup(Path dir, List<URI> urls) {
        this.dir = dir;
        this.urls = urls;
    }

    static OurGroup start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Proof.writeNewSecret(dir.resolve("cluster.secret"));
        OurGroup group = new OurGroup(dir, freeUrls());
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
        try (HttpRemote leader = new HttpRemote("leader", urls.get(leader()), 500, 5000, proof())) {
            for (String client : clients) {
                leader.call("POST", "/accounts", "{\"id\":\"" + account(client) + "\"}", null);
            }
        }
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public List<URI> members() {
        return urls;
    }

    @Override
    public int leader() {
        for (int i = 0; i < 3; i++) {
            try (HttpRemote replica = new HttpRemote("replica", urls.get(i), 200, 500)) {
                Response status = replica.call("GET", "/status", null, null);
                if (status.ok() && "LEADER".equals(Json.field(status.body(), "role"))) {
                    return i;
                }
            } catch (Unreachable e) {
                // dead or paused: ask the next
            }
        }
        return -1;
    }

    @Override
    public String write(HttpRemote member, String client, long n) throws Unreachable {
        Response answer = member.call("POST", "/accounts/" + account(client) + "/deposits", "{\"amount\":1}", null);
        return answer.ok() ? null : answer.status() + " " + answer.body();
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
                dir.resolve("r" + (member + 1)).toString(), "--shards", shardMap(), "--secret-file", secretFile().toString()),
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
        for (URI url : urls) {
            try (HttpRemote replica = new HttpRemote("replica", url, 200, 500)) {
                if (!replica.call("GET", "/status", null, null).ok()) {
                    return false;
                }
            } catch (Unreachable e) {
                return false;
            }
        }
        return true;
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
