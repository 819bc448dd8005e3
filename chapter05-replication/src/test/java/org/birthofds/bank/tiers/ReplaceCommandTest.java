package org.birthofds.bank.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code replace}, with every node a JVM of its own: deposits through the front door,
 * {@code replace s1r3} (SIGKILL, its disk thrown away, s1r4 started empty with --join, added,
 * promoted, s1r3 removed, the logic node handed the new map), then {@code kill s1r2}: the bank, at
 * its front door, still takes deposits, and has lost none it acknowledged.
 *
 * <p>Every node is a JVM, and starting a cluster of them is much of what these tests cost, so s1r3's
 * story shares one: its first test leaves s1r3 on a thrown-away disk, which is what {@code replace} is
 * for, and the second replaces it (in order; either also runs alone, on a fresh cluster).
 * {@code add-replica} and the leader's removal get a cluster of their own: they change a group the
 * other tests need as the launcher founded it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplaceCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** s1r3's cluster's data directory and the command line that plans it, one for the class. */
    private Path data;
    private Cluster.Settings asked;
    /** s1r3's cluster, started by the first test that needs it, and stopped after the last. */
    private Launcher shared;

    /** A directory given to a @BeforeAll lives until the class is done; a @TempDir field would be a new one per test. */
    @BeforeAll
    void planTheCluster(@TempDir Path data) throws Exception {
        this.data = data;
        asked = new Cluster.Settings("127.0.0.1", 1, 1, data, "round-robin", true, TestPorts.freeOffset());
    }

    private Launcher launcher() throws Exception {
        if (shared == null) {
            shared = new Launcher(Launcher.plan(asked, true)); // on a fresh directory, what the settings plan
            shared.startAll();
        }
        return shared;
    }

    @AfterAll
    void stopTheCluster() {
        if (shared != null) {
            shared.stopAll();
        }
    }

    /**
     * The launcher names each replica's disk before the first start and tells every replica (--disks),
     * so a group knows its disks from its first moment. s1r3's directory thrown away and s1r3
     * restarted under its name: a new disk, which its group, and s1r3 itself, know is not s1r3's.
     */
    @Test
    @Order(1)
    @Timeout(240)
    void a_replica_restarted_on_a_thrown_away_disk_is_not_the_replica_its_group_knows() throws Exception {
        Launcher launcher = launcher();
        String founded = status(launcher, "s1r1").path("disks").path("s1r3").asText();
        assertThat(founded).as("s1r3's disk, known to s1r1 before anything was written").isNotEmpty()
                .isEqualTo(status(launcher, "s1r3").path("disk").asText());
        launcher.kill("s1r3");
        try (java.util.stream.Stream<Path> files = Files.walk(data.resolve("s1r3"))) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        launcher.restart("s1r3");
        JsonNode back = status(launcher, "s1r3");
        assertThat(back.path("disk").asText()).isNotEmpty().isNotEqualTo(founded);
        assertThat(back.path("disks").path("s1r3").asText()).isEqualTo(founded);
    }

    private static JsonNode status(Launcher launcher, String replica) throws Exception {
        try (HttpRemote remote = new HttpRemote(replica, URI.create(launcher.url(replica)), 1000, 5_000)) {
            return JSON.readTree(remote.call("GET", "/status", null, null).body());
        }
    }

    /**
     * Then s1r3 is replaced, and a second of the original three dies. And a replace outlives the
     * launcher: stopped (Ctrl-C) and started again on the same data directory, planned as its main
     * plans it, the launcher starts s1r4 from its own disk, without --join, and never s1r3, whose disk
     * is gone and whom the group would refuse as a stranger.
     */
    @Test
    @Order(2)
    @Timeout(420)
    void replace_then_a_second_death_and_the_front_door_still_takes_deposits_and_a_launcher_started_again_remembers_the_replace()
            throws Exception {
        Launcher first = launcher();
        String front = first.url("balancer");
        // 1. An account, and deposits under their keys, through the balancer and the logic node.
        try (HttpRemote bank = new HttpRemote("the bank", URI.create(front), 1000, 10_000)) {
            assertThat(bank.call("POST", "/accounts", body(Map.of("id", "alice")), null).status()).isEqualTo(201);
            for (int i = 0; i < 20; i++) {
                assertThat(bank.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), "d-" + i).status())
                        .isEqualTo(200);
            }
        }
        // 2. replace s1r3: every step said, s1r3's disk gone, s1r4 in the plan in its place.
        long started = System.nanoTime();
        List<String> steps = first.replace("s1r3"); // each step printed as it is done
        System.out.println("replace s1r3: done in " + (System.nanoTime() - started) / 1_000_000
                + " ms"); // a figure for the README, not a check

        assertThat(steps).anyMatch(s -> s.contains("promoted")).anyMatch(s -> s.contains("s1r3 was removed"));
        assertThat(Files.exists(data.resolve("s1r3"))).isFalse();
        assertThat(first.cluster().names()).contains("s1r4").doesNotContain("s1r3");
        // 3. A second of the original three dies: s1r1 and s1r4 are two of the three voters.
        first.kill("s1r2");
        try (HttpRemote bank = new HttpRemote("the bank", URI.create(front), 1000, 10_000)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    bank.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), "after").status() == 200);
            Response balance = bank.call("GET", "/accounts/alice", null, null);
            assertThat(JSON.readTree(balance.body()).path("balance").asLong()).isEqualTo(21);
        }
        // 4. Ctrl-C, and the same command line typed again on the same data directory: s1r2 starts
        // again from its disk, s1r4 from its own, and s1r3 not at all.
        first.stopAll();
        shared = null; // stopped: if starting again fails, there is nothing left to stop
        Launcher again = new Launcher(Launcher.plan(asked, true));
        shared = again;
        again.startAll();
        assertThat(again.cluster().names()).contains("s1r4").doesNotContain("s1r3");
        assertThat(again.cluster().node("s1r4").flags()).doesNotContain("--join");
        assertThat(again.state("s1r4")).isEqualTo("up");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode leader = status(again, again.leaderOf("shard-1"));
            assertThat(leader.path("role").asText()).isEqualTo("LEADER");
            assertThat(leader.path("voters")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("s1r1", "s1r2", "s1r4");
        });
        try (HttpRemote bank = new HttpRemote("the bank", URI.create(again.url("balancer")), 1000, 10_000)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    bank.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), "again").status() == 200);
            Response balance = bank.call("GET", "/accounts/alice", null, null);
            assertThat(JSON.readTree(balance.body()).path("balance").asLong())
                    .as("the 21 cents acknowledged before the restart, and one after").isEqualTo(22);
        }
    }

    @Test
    @Order(3)
    @Timeout(240)
    void a_replica_added_and_the_leader_removed_and_the_front_door_still_takes_deposits(@TempDir Path ownData) throws Exception {
        Launcher launcher = new Launcher(Cluster.plan(new Cluster.Settings("127.0.0.1", 1, 1, ownData, "round-robin", true,
                TestPorts.freeOffset())));
        try {
            launcher.startAll();
            String front = launcher.url("balancer");
            try (HttpRemote bank = new HttpRemote("the bank", URI.create(front), 1000, 10_000)) {
                assertThat(bank.call("POST", "/accounts", body(Map.of("id", "alice")), null).status()).isEqualTo(201);
            }
            // 1. add-replica shard-1: s1r4 joins, four voters; then the leader is removed, and hands over.
            launcher.addReplica("shard-1"); // each step printed as it is done
            String leader = launcher.leaderOf("shard-1");
            launcher.removeReplica(leader);
            assertThat(launcher.cluster().group("shard-1")).hasSize(3).noneMatch(n -> n.name().equals(leader));
            // 2. The bank takes a deposit at its front door, through whichever of the three now leads.
            try (HttpRemote bank = new HttpRemote("the bank", URI.create(front), 1000, 10_000)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        bank.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 5)), "after").status() == 200);
                Response balance = bank.call("GET", "/accounts/alice", null, null);
                assertThat(JSON.readTree(balance.body()).path("balance").asLong()).isEqualTo(5);
            }
        } finally {
            launcher.stopAll();
        }
    }

    private static String body(Map<String, Object> fields) throws Exception {
        return JSON.writeValueAsString(fields);
    }
}
