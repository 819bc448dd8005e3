package org.birthofds.bank.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;
import org.junit.jupiter.api.Test;

/** The launcher's plan: every node is told the others' URLs, and nothing else, so any node can move to another host. */
class ClusterTest {

    @Test
    void the_default_cluster_is_shards_then_logic_nodes_then_the_balancer_then_the_website() {
        Cluster cluster = Cluster.plan("127.0.0.1", 3, 1, Path.of("bank-data"), "round-robin");

        assertThat(cluster.names()).containsExactly("shard-1", "logic-1", "logic-2", "logic-3", "balancer", "website");
        assertThat(cluster.nodes()).extracting(Cluster.Node::url).containsExactly("http://127.0.0.1:7091",
                "http://127.0.0.1:7081", "http://127.0.0.1:7082", "http://127.0.0.1:7083", "http://127.0.0.1:7070",
                "http://127.0.0.1:8080");
        assertThat(cluster.node("logic-2").flags()).containsSubsequence("--node", "logic-2")
                .containsSubsequence("--shards", "shard-1=http://127.0.0.1:7091");
        assertThat(cluster.node("balancer").flags()).containsSubsequence("--nodes",
                "logic-1=http://127.0.0.1:7081,logic-2=http://127.0.0.1:7082,logic-3=http://127.0.0.1:7083");
        assertThat(cluster.node("website").flags()).containsSubsequence("--logic-url", "http://127.0.0.1:7070");
        assertThat(cluster.node("shard-1").flags()).containsSubsequence("--data", Path.of("bank-data", "shard-1").toString());
    }

    @Test
    void the_launcher_keeps_the_shards_journals_in_this_chapters_own_directory_unless_told_another() {
        Set<String> values = Set.of("--logic", "--shards", "--host", "--policy", "--data");
        Set<String> switches = Set.of("--memory-only", "--admin");
        Cluster byDefault = Launcher.plan(CommandLine.parse(values, switches));
        Cluster told = Launcher.plan(CommandLine.parse(values, switches, "--data", "/tmp/elsewhere"));

        assertThat(byDefault.node("shard-1").flags())
                .containsSubsequence("--data", Path.of("bank-data", "chapter04", "shard-1").toString());
        assertThat(told.node("shard-1").flags()).containsSubsequence("--data", Path.of("/tmp/elsewhere", "shard-1").toString());
    }

    @Test
    void every_node_binds_the_host_it_is_given_and_is_reached_there() {
        Cluster cluster = Cluster.plan("10.0.0.5", 2, 1, null, "least-outstanding");

        assertThat(cluster.nodes()).allSatisfy(node -> {
            assertThat(node.flags()).containsSubsequence("--host", "10.0.0.5");
            assertThat(node.url()).startsWith("http://10.0.0.5:");
        });
        assertThat(cluster.node("shard-1").flags()).contains("--memory-only");
        assertThat(cluster.node("balancer").flags()).containsSubsequence("--policy", "least-outstanding");
        assertThat(String.join(" ", cluster.node("balancer").flags())).doesNotContain("127.0.0.1");
    }

    @Test
    void every_shard_and_every_logic_node_is_given_the_same_shard_map() {
        Cluster cluster = Cluster.plan("127.0.0.1", 3, 3, null, "round-robin");
        String shards = "shard-1=http://127.0.0.1:7091,shard-2=http://127.0.0.1:7092,shard-3=http://127.0.0.1:7093";

        assertThat(cluster.node("shard-2").flags()).containsSubsequence("--shard-id", "shard-2")
                .containsSubsequence("--shards", shards);
        assertThat(cluster.node("logic-1").flags()).containsSubsequence("--shards", shards).doesNotContain("--data-url");
    }

    @Test
    void admin_endpoints_are_off_unless_asked_for_and_a_grown_plan_gives_every_node_the_new_map() {
        Cluster plain = Cluster.plan("127.0.0.1", 2, 3, null, "round-robin");
        assertThat(plain.nodes()).allSatisfy(node -> assertThat(node.flags()).doesNotContain("--admin"));

        Cluster cluster = Cluster.plan(new Cluster.Settings("127.0.0.1", 2, 3, null, "round-robin", true));
        Cluster grown = cluster.withOneMoreShard();
        String four = "shard-1=http://127.0.0.1:7091,shard-2=http://127.0.0.1:7092,shard-3=http://127.0.0.1:7093,"
                + "shard-4=http://127.0.0.1:7094";

        assertThat(grown.names()).containsExactly("shard-1", "shard-2", "shard-3", "shard-4", "logic-1", "logic-2",
                "balancer", "website");
        assertThat(grown.shardMap().inline()).isEqualTo(four);
        for (String node : List.of("shard-1", "shard-4", "logic-2")) {
            assertThat(grown.node(node).flags()).containsSubsequence("--shards", four).contains("--admin");
        }
    }

    @Test
    void a_command_for_a_node_that_is_not_there_names_the_ones_that_are() {
        Cluster cluster = Cluster.plan("127.0.0.1", 2, 1, null, "round-robin");

        assertThatThrownBy(() -> cluster.node("logic-9")).hasMessageContaining(
                String.join(", ", List.of("shard-1", "logic-1", "logic-2", "balancer", "website")));
    }
}
