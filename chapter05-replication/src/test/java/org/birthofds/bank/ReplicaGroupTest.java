package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.birthofds.bank.group.ReplicaMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chapter 5, part 2's first step: part 1's replica, unchanged, in three real JVMs that talk over
 * HTTP, each with a real timer and a journal on disk. Chapter 4's ShardDownTest showed a shard's
 * accounts gone while its one machine is down; here the leader is killed with SIGKILL and the
 * group goes on, and then the whole group is killed and comes back from its journals alone.
 */
class ReplicaGroupTest {
    private static final Duration CEILING = Duration.ofSeconds(60);
    private static final List<String> IDS = List.of("r1", "r2", "r3");
    private static final Pattern RESTORED = Pattern.compile("restored term (\\d+), vote \\S+, (\\d+) log entries");

    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, ChildBank> running = new LinkedHashMap<>();
    private final Map<String, ApiClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
    private long acknowledged;
    private long uncertain;
    private int requests;

    @Test
    void a_group_of_three_outlives_its_leader_and_a_restart_of_all_three(@TempDir Path data) throws Exception {
        try {
            // 1. Three replica JVMs, each told the others' URLs (ports picked free first), each with its own journal.
            freePorts();
            for (String id : IDS) {
                start(id, data);
            }
            // 2. One leader; a deposit through it is acknowledged; a follower points at the leader.
            String leader = awaitLeader();
            deposit(500);
            String follower = IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            await().atMost(CEILING).untilAsserted(() -> { // once it has heard from the leader
                ApiClient.Reply refused = api(follower).post("/commands", "{\"command\": \"t#0 0 deposit bob 999\"}");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.error()).isEqualTo("not_leader");
                assertThat(refused.body().path("leader").asText()).isEqualTo(urls.get(leader));
                assertThat(refused.retryAfter()).isEqualTo("1");
            });
            // 3. kill -9 the leader: no shutdown hook, no flush.
            running.remove(leader).kill();
            // 4. The two left elect a new leader; the acknowledged deposit is there, and new writes succeed.
            String next = awaitLeader();
            assertThat(next).isNotEqualTo(leader);
            assertBalance();
            deposit(250);
            deposit(125);
            assertBalance();
            // 5. The killed replica restarts on its journal: it restores its log, then catches up with the leader.
            ChildBank back = start(leader, data);
            assertThat(restoredEntries(back)).as("log entries %s read back from its journal", leader).isGreaterThanOrEqualTo(2);
            long commit = status(awaitLeader()).path("commitIndex").asLong();
            await().atMost(CEILING).untilAsserted(() -> {
                JsonNode caughtUp = status(leader);
                assertThat(caughtUp.path("commitIndex").asLong()).isGreaterThanOrEqualTo(commit);
                assertThat(caughtUp.path("lastIndex").asLong()).isGreaterThanOrEqualTo(commit);
            });
            // 6. The whole group killed at once and restarted: the journals alone hold every acknowledged deposit.
            for (ChildBank replica : running.values()) {
                replica.kill();
            }
            running.clear();
            for (String id : IDS) {
                start(id, data);
            }
            awaitLeader();
            assertBalance();
        } finally {
            for (ChildBank replica : running.values()) {
                replica.close();
            }
        }
    }

    private void freePorts() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String id : IDS) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                urls.put(id, "http://127.0.0.1:" + socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private ChildBank start(String id, Path data) throws IOException {
        String peers = urls.entrySet().stream().filter(e -> !e.getKey().equals(id))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        String port = urls.get(id).substring(urls.get(id).lastIndexOf(':') + 1);
        ChildBank replica = ChildBank.startExactly(ReplicaMain.class, "--id", id, "--peers", peers, "--port", port,
                "--data", data.resolve(id).toString());
        running.put(id, replica);
        return replica;
    }

    /** The replica that says it leads, once exactly one running replica does. */
    private String awaitLeader() {
        AtomicReference<String> leader = new AtomicReference<>();
        await().atMost(CEILING).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<String> leaders = running.keySet().stream()
                    .filter(id -> "LEADER".equals(status(id).path("role").asText())).toList();
            leader.set(leaders.size() == 1 ? leaders.get(0) : null);
            return leader.get() != null;
        });
        return leader.get();
    }

    /**
     * Through whoever leads now. A not_leader refusal did nothing, so it is sent again; a 503
     * "unavailable" (the leader stepped down with the write in flight) may or may not have
     * happened, so its amount is counted as uncertain, and sent again as a new request.
     */
    private void deposit(long amount) {
        await().atMost(CEILING).pollInterval(Duration.ofMillis(100)).until(() -> {
            ApiClient.Reply reply = call(() -> api(awaitLeader()).post("/commands", command(amount)));
            if (reply != null && reply.status() == 200) {
                assertThat(reply.body().path("result").asText()).startsWith("ok ");
                acknowledged += amount;
                return true;
            }
            if (reply != null && "unavailable".equals(reply.error())) {
                uncertain += amount;
            }
            return false;
        });
    }

    /** Linearizable, through the leader's read index: every acknowledged deposit, and at most the uncertain ones besides. */
    private void assertBalance() {
        String query = "/read?q=" + URLEncoder.encode("balance alice", StandardCharsets.UTF_8);
        AtomicReference<String> answer = new AtomicReference<>();
        await().atMost(CEILING).pollInterval(Duration.ofMillis(100)).until(() -> {
            ApiClient.Reply reply = call(() -> api(awaitLeader()).get(query));
            answer.set(reply != null && reply.status() == 200 ? reply.body().path("result").asText() : null);
            return answer.get() != null;
        });
        long balance = Long.parseLong(answer.get().substring("alice=".length()));
        assertThat(balance).as("alice's balance (acknowledged %d, uncertain %d)", acknowledged, uncertain)
                .isBetween(acknowledged, acknowledged + uncertain);
    }

    /** One client per replica, kept: each HttpClient holds threads of its own. */
    private ApiClient api(String id) {
        return clients.computeIfAbsent(id, i -> new ApiClient(urls.get(i)));
    }

    private String command(long amount) {
        return "{\"command\": \"t#" + (++requests) + " 0 deposit alice " + amount + "\"}";
    }

    private JsonNode status(String id) {
        ApiClient.Reply reply = call(() -> api(id).get("/status"));
        return reply == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : reply.body();
    }

    /** A replica being killed or started answers nothing: null, and the caller asks again. */
    private static ApiClient.Reply call(java.util.function.Supplier<ApiClient.Reply> request) {
        try {
            return request.get();
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private static long restoredEntries(ChildBank replica) {
        Matcher m = RESTORED.matcher(replica.output());
        assertThat(m.find()).as("the replica's start-up line, in:%n%s", replica.output()).isTrue();
        return Long.parseLong(m.group(2));
    }
}
