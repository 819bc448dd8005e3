package org.birthofds.bank.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What chapter 5 leaves broken (README, "What it leaves broken"): the balancer is still one process, a
 * single point of failure in front of replicated everything. Every node a JVM of its own: deposits
 * through the front door; the balancer SIGKILLed. Every call at the front door is refused, and
 * nothing takes the balancer's place, while all three replicas and both logic nodes are up, and
 * each logic node, called at its own address, serves the bank with every acknowledged deposit in
 * it. The bank is whole; its one address is not. Only a restart of the balancer opens the door again.
 */
class BalancerIsOneProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far above anything a healthy cluster needs on two shared cores: a slow machine is not the failure here. */
    private static final Duration CEILING = Duration.ofSeconds(60);
    private static final int DEPOSITS = 10;
    private static final List<String> LOGIC_NODES = List.of("logic-1", "logic-2");

    @Test
    @Timeout(240)
    void a_dead_balancer_shuts_the_front_door_of_a_bank_whose_every_other_process_is_alive(@TempDir Path data) throws Exception {
        Launcher launcher = new Launcher(Cluster.plan(new Cluster.Settings("127.0.0.1", LOGIC_NODES.size(), 1, data,
                "round-robin", false, TestPorts.freeOffset(LOGIC_NODES.size()))));
        try {
            launcher.startAll();
            String front = launcher.url("balancer");
            // 1. An account, and deposits under their keys, each acknowledged at the front door.
            try (HttpRemote door = new HttpRemote("front door", URI.create(front), 1000, 10_000)) {
                assertThat(door.call("POST", "/accounts", body(Map.of("id", "alice")), null).status()).isEqualTo(201);
                for (int i = 0; i < DEPOSITS; i++) {
                    assertThat(deposit(door, "d-" + i).status()).isEqualTo(200);
                }
                assertThat(balance(door)).isEqualTo(DEPOSITS);
            }

            // 2. The balancer dies as a machine does, and only it.
            launcher.kill("balancer");
            assertThat(launcher.state("balancer")).isEqualTo("down");
            assertThat(launcher.cluster().names()).filteredOn(name -> !name.equals("balancer"))
                    .allSatisfy(name -> assertThat(launcher.state(name)).as(name).isEqualTo("up"));
            // Not merely alive: the group still has a leader to take writes.
            await().atMost(CEILING).pollInterval(Duration.ofMillis(200)).until(() -> launcher.cluster().group("shard-1")
                    .stream().anyMatch(replica -> "LEADER".equals(role(launcher, replica.name()))));

            // 3. The front door refuses every call, and keeps refusing: no other process answers on its
            //    address, and nothing restarts it. The deposit tried there was never sent, so never applied.
            try (HttpRemote door = new HttpRemote("front door", URI.create(front), 1000, 10_000)) {
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                        .untilAsserted(() -> {
                            assertRefused(() -> door.call("GET", "/accounts/alice", null, null));
                            assertRefused(() -> deposit(door, "tried-at-the-dead-door"));
                            assertRefused(() -> door.call("POST", "/accounts", body(Map.of("id", "bob")), null));
                        });
            }

            // 4. Behind it the bank is fine: each logic node, called at its own address, has every deposit
            //    the front door acknowledged, applies one of them sent again once only (its key is
            //    remembered by the replicated shard, not by the dead balancer), and takes a new one.
            int expected = DEPOSITS;
            for (String name : LOGIC_NODES) {
                try (HttpRemote node = new HttpRemote(name, URI.create(launcher.url(name)), 1000, 10_000)) {
                    assertThat(balance(node)).as("alice's balance at " + name).isEqualTo(expected);
                    assertThat(deposit(node, "d-0").status()).isEqualTo(200);
                    assertThat(balance(node)).as("d-0 sent again at " + name).isEqualTo(expected);
                    assertThat(deposit(node, "at-" + name).status()).isEqualTo(200);
                    expected++;
                    assertThat(balance(node)).as("a new deposit at " + name).isEqualTo(expected);
                }
            }

            // 5. Only a restart of the balancer opens the door again, on the same address.
            launcher.restart("balancer");
            assertThat(launcher.url("balancer")).isEqualTo(front);
            try (HttpRemote door = new HttpRemote("front door", URI.create(front), 1000, 10_000)) {
                await().atMost(CEILING).pollInterval(Duration.ofMillis(200)).until(() ->
                        deposit(door, "after-the-restart").status() == 200);
                assertThat(balance(door)).isEqualTo(expected + 1);
            }
        } finally {
            launcher.stopAll();
        }
    }

    /** A connection refused: nothing listens at the address; the request was never sent. */
    private static void assertRefused(Call call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Unreachable.class, e -> {
            assertThat(e.neverSent()).as("never sent: " + e.getMessage()).isTrue();
            assertThat(e.getMessage()).contains("connection refused");
        });
    }

    @FunctionalInterface
    private interface Call {
        Response run() throws Exception;
    }

    private static Response deposit(HttpRemote to, String key) throws Exception {
        return to.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), key);
    }

    private static long balance(HttpRemote at) throws Exception {
        Response answer = at.call("GET", "/accounts/alice", null, null);
        assertThat(answer.status()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("balance").asLong();
    }

    private static String role(Launcher launcher, String replica) {
        try (HttpRemote remote = new HttpRemote(replica, URI.create(launcher.url(replica)), 1000, 5_000)) {
            JsonNode status = JSON.readTree(remote.call("GET", "/status", null, null).body());
            return status.path("role").asText();
        } catch (Exception e) {
            return "no answer: " + e.getMessage();
        }
    }

    private static String body(Map<String, Object> fields) throws Exception {
        return JSON.writeValueAsString(fields);
    }
}
