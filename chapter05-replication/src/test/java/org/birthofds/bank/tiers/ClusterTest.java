package org.birthofds.bank.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's plan: every node is told the others' URLs, and nothing else, so any node can move to another host. */
class ClusterTest {
    private static final Path DATA = Path.of("bank-data");
    private static final String ONE_SHARD = "shard-1=http://127.0.0.1:7111|http://127.0.0.1:7112|http://127.0.0.1:7113";

    @Test
    void the_default_cluster_is_replicas_then_logic_nodes_then_the_balancer_then_the_website() {
        Cluster cluster = Cluster.plan("127.0.0.1", 3, 1, DATA, "round-robin");

        assertThat(cluster.names()).containsExactly("s1r1", "s1r2", "s1r3", "logic-1", "logic-2", "logic-3", "balancer",
                "website");
        assertThat(cluster.nodes()).extracting(Cluster.Node::url).containsExactly("http://127.0.0.1:7111",
                "http://127.0.0.1:7112", "http://127.0.0.1:7113", "http://127.0.0.1:7081", "http://127.0.0.1:7082",
                "http://127.0.0.1:7083", "http://127.0.0.1:7070", "http://127.0.0.1:8080");
        assertThat(cluster.node("logic-2").flags()).containsSubsequence("--node", "logic-2")
                .containsSubsequence("--shards", ONE_SHARD);
        assertThat(cluster.node("balancer").flags()).containsSubsequence("--nodes",
                "logic-1=http://127.0.0.1:7081,logic-2=http://127.0.0.1:7082,logic-3=http://127.0.0.1:7083");
        assertThat(cluster.node("website").flags()).containsSubsequence("--logic-url", "http://127.0.0.1:7070");
    }

    @Test
    void each_replica_knows_its_group_its_shard_and_its_own_journal() {
        Cluster cluster = Cluster.plan("127.0.0.1", 2, 2, DATA, "round-robin");

        assertThat(cluster.group("shard-2")).extracting(Cluster.Node::name).containsExactly("s2r1", "s2r2", "s2r3");
        assertThat(cluster.node("s2r2").flags()).containsSubsequence("--id", "s2r2")
                .containsSubsequence("--peers", "s2r1=http://127.0.0.1:7121,s2r3=http://127.0.0.1:7123")
                .containsSubsequence("--port", "7122")
                .containsSubsequence("--shard-id", "shard-2")
                .containsSubsequence("--data", DATA.resolve("s2r2").toString());
    }

    @Test
    void the_launcher_keeps_the_replicas_journals_and_the_secret_in_this_chapters_own_directory_unless_told_another() {
        Set<String> values = Set.of("--logic", "--shards", "--host", "--policy", "--data", "--page");
        Set<String> switches = Set.of("--admin");
        Cluster byDefault = Launcher.plan(CommandLine.parse(values, switches));
        Cluster told = Launcher.plan(CommandLine.parse(values, switches, "--data", "/tmp/elsewhere"));

        Path own = Path.of("bank-data", "chapter05");
        assertThat(byDefault.node("s1r2").flags()).containsSubsequence("--data", own.resolve("s1r2").toString());
        assertThat(byDefault.secretFile()).isEqualTo(own.resolve("cluster.secret"));
        assertThat(told.node("s1r2").flags()).containsSubsequence("--data", Path.of("/tmp/elsewhere", "s1r2").toString());
    }

    @Test
    void every_node_binds_the_host_it_is_given_and_is_reached_there() {
        Cluster cluster = Cluster.plan("10.0.0.5", 2, 1, DATA, "least-outstanding");

        assertThat(cluster.nodes()).allSatisfy(node -> {
            assertThat(node.flags()).containsSubsequence("--host", "10.0.0.5");
            assertThat(node.url()).startsWith("http://10.0.0.5:");
        });
        assertThat(cluster.node("balancer").flags()).containsSubsequence("--policy", "least-outstanding");
        assertThat(String.join(" ", cluster.node("balancer").flags())).doesNotContain("127.0.0.1");
        assertThat(String.join(" ", cluster.node("s1r1").flags())).doesNotContain("127.0.0.1");
    }

    @Test
    void every_replica_and_every_logic_node_is_given_the_same_shard_map() {
        Cluster cluster = Cluster.plan("127.0.0.1", 3, 2, DATA, "round-robin");
        String shards = ONE_SHARD + ",shard-2=http://127.0.0.1:7121|http://127.0.0.1:7122|http://127.0.0.1:7123";

        assertThat(cluster.shardMap().inline()).isEqualTo(shards);
        assertThat(cluster.node("s2r1").flags()).containsSubsequence("--shards", shards);
        assertThat(cluster.node("logic-1").flags()).containsSubsequence("--shards", shards).doesNotContain("--data-url");
    }

    @Test
    void admin_and_fault_endpoints_are_off_unless_asked_for_and_a_grown_plan_gives_every_node_the_new_map() {
        Cluster plain = Cluster.plan("127.0.0.1", 2, 2, DATA, "round-robin");
        assertThat(plain.nodes()).allSatisfy(node -> assertThat(node.flags()).doesNotContain("--admin", "--faults"));

        Cluster cluster = Cluster.plan(new Cluster.Settings("127.0.0.1", 2, 2, DATA, "round-robin", true));
        Cluster grown = cluster.withOneMoreShard();

        assertThat(grown.names()).containsExactly("s1r1", "s1r2", "s1r3", "s2r1", "s2r2", "s2r3", "s3r1", "s3r2", "s3r3",
                "logic-1", "logic-2", "balancer", "website");
        assertThat(grown.shardMap().replicas("shard-3")).hasSize(3);
        for (String node : List.of("s1r1", "s3r3", "logic-2")) {
            assertThat(grown.node(node).flags()).containsSubsequence("--shards", grown.shardMap().inline()).contains("--admin");
        }
        assertThat(grown.node("s3r1").flags()).contains("--faults");
    }

    @Test
    void a_replaced_replica_gives_way_to_the_next_number_of_its_shard_on_the_next_port_in_every_node_s_map() {
        Cluster cluster = Cluster.plan(new Cluster.Settings("127.0.0.1", 1, 2, DATA, "round-robin", true));
        Cluster replaced = cluster.withReplaced("s1r3").withOneMoreShard();

        assertThat(replaced.names()).containsExactly("s1r1", "s1r2", "s1r4", "s2r1", "s2r2", "s2r3", "s3r1", "s3r2", "s3r3",
                "logic-1", "balancer", "website");
        assertThat(replaced.node("s1r4").url()).isEqualTo("http://127.0.0.1:7114");
        assertThat(replaced.node("s1r4").flags()).containsSubsequence("--data", DATA.resolve("s1r4").toString());
        assertThat(replaced.node("s1r1").flags()).containsSubsequence("--peers",
                "s1r2=http://127.0.0.1:7112,s1r4=http://127.0.0.1:7114");
        assertThat(replaced.shardMap().replicas("shard-1").stream().map(Object::toString))
                .containsExactly("http://127.0.0.1:7111", "http://127.0.0.1:7112", "http://127.0.0.1:7114");
        assertThat(replaced.node("logic-1").flags()).containsSubsequence("--shards", replaced.shardMap().inline());
        assertThatThrownBy(() -> cluster.withReplaced("logic-1")).hasMessageContaining("no replica");
    }

    @Test
    void a_replica_added_takes_the_next_number_and_a_replica_removed_leaves_every_node_s_map() {
        Cluster cluster = Cluster.plan(new Cluster.Settings("127.0.0.1", 1, 1, DATA, "round-robin", true));
        Cluster changed = cluster.withAdded("shard-1").withRemoved("s1r1");

        assertThat(changed.names()).containsExactly("s1r2", "s1r3", "s1r4", "logic-1", "balancer", "website");
        assertThat(changed.shardMap().replicas("shard-1").stream().map(Object::toString))
                .containsExactly("http://127.0.0.1:7112", "http://127.0.0.1:7113", "http://127.0.0.1:7114");
        assertThatThrownBy(() -> cluster.withAdded("shard-7")).hasMessageContaining("No shard named 'shard-7'");
        assertThatThrownBy(() -> cluster.withRemoved("s1r1").withRemoved("s1r2").withRemoved("s1r3"))
                .hasMessageContaining("last replica");
    }

    /**
     * The launcher's memory of the cluster's shape (cluster.json in its data directory): written
     * whole, read back by the plan the launcher's main makes, so that after a replace and an
     * add-shard a restart plans s1r4 (from its disk: no --join) and shard-3, and refuses a --shards
     * that is not the recorded number.
     */
    @Test
    @Timeout(30)
    void the_plan_remembered_in_the_data_directory_is_the_plan_a_restarted_launcher_makes(@TempDir Path data)
            throws Exception {
        Set<String> values = Set.of("--logic", "--shards", "--host", "--policy", "--data", "--page");
        Set<String> switches = Set.of("--admin");
        Cluster founded = Launcher.plan(CommandLine.parse(values, switches, "--data", data.toString(), "--admin"));
        assertThat(RememberedPlan.read(data)).as("nothing recorded yet: the command line's plan").isNull();
        RememberedPlan.of(founded.settings()).write(data);
        Cluster changed = founded.withReplaced("s1r3").withOneMoreShard();
        RememberedPlan.of(changed.settings()).write(data); // over the first: written aside, then renamed

        assertThat(data.resolve("cluster.json.new")).doesNotExist();
        JsonNode file = new ObjectMapper().readTree(data.resolve("cluster.json").toFile());
        assertThat(file.path("shards").asInt()).isEqualTo(3);
        assertThat(file.path("members").path("shard-1")).extracting(JsonNode::asText).containsExactly("s1r1", "s1r2", "s1r4");
        assertThat(RememberedPlan.read(data)).isEqualTo(RememberedPlan.of(changed.settings()));

        Cluster restarted = Launcher.plan(CommandLine.parse(values, switches, "--data", data.toString(), "--admin"));
        assertThat(restarted.names()).isEqualTo(changed.names()).contains("s1r4", "s3r3").doesNotContain("s1r3");
        assertThat(restarted.shardMap().inline()).isEqualTo(changed.shardMap().inline());
        assertThat(restarted.node("s1r4").flags()).doesNotContain("--join")
                .containsSubsequence("--peers", "s1r1=http://127.0.0.1:7111,s1r2=http://127.0.0.1:7112")
                .containsSubsequence("--data", data.resolve("s1r4").toString());
        assertThat(Launcher.plan(CommandLine.parse(values, switches, "--data", data.toString(), "--shards", "3")).names())
                .isEqualTo(changed.names());
        assertThatThrownBy(() -> Launcher.plan(CommandLine.parse(values, switches, "--data", data.toString(), "--shards", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 3 shards")
                .hasMessageContaining("start without --shards, or with --shards 3");

        Files.writeString(data.resolve("cluster.json"), "{\"shards\": 2, \"members\": {\"shard-1\": [\"s2r1\"]}}");
        assertThatThrownBy(() -> RememberedPlan.read(data)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a plan the launcher wrote");
    }

    @Test
    void a_command_for_a_node_that_is_not_there_names_the_ones_that_are() {
        Cluster cluster = Cluster.plan("127.0.0.1", 2, 1, DATA, "round-robin");

        assertThatThrownBy(() -> cluster.node("logic-9")).hasMessageContaining(
                String.join(", ", List.of("s1r1", "s1r2", "s1r3", "logic-1", "logic-2", "balancer", "website")));
    }
}
