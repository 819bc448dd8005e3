package org.birthofds.bank.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * --pin-cores as the command it builds, never run: taskset here is an empty file on a PATH of the
 * test's own, so the test needs neither util-linux nor more than one core.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CorePinningTest {
    private static final List<String> JAVA = List.of("/jdk/bin/java", "-cp", "classes", "org.birthofds.bank.logic.LogicMain",
            "--port", "0");

    @TempDir
    Path bin;
    private Path taskset;

    @BeforeEach
    void a_taskset_on_the_path() throws IOException {
        taskset = Files.createFile(bin.resolve("taskset"));
        assertThat(taskset.toFile().setExecutable(true)).isTrue();
    }

    @Test
    void a_pinned_node_runs_under_taskset_on_its_cpu_and_its_jvm_sizes_itself_for_one_core() {
        CorePinning pinning = CorePinning.find(bin.toString(), "0-1", 2);

        assertThat(pinning.pins()).isTrue();
        assertThat(pinning.command(JAVA, 1)).containsExactly(taskset.toString(), "-c", "1", "/jdk/bin/java",
                "-XX:ActiveProcessorCount=1", "-cp", "classes", "org.birthofds.bank.logic.LogicMain", "--port", "0");
    }

    @Test
    void without_pinning_the_command_is_the_java_command_as_given() {
        assertThat(CorePinning.off().pins()).isFalse();
        assertThat(CorePinning.off().command(JAVA, 0)).isEqualTo(JAVA);
    }

    @Test
    void without_taskset_on_the_path_nothing_is_pinned() throws IOException {
        Path empty = Files.createDirectory(bin.resolve("empty"));
        Path notExecutable = Files.createDirectory(bin.resolve("plain"));
        Files.createFile(notExecutable.resolve("taskset"));

        for (String path : new String[] {empty.toString(), notExecutable.toString(), "", null}) {
            CorePinning pinning = CorePinning.find(path, "0-1", 2);
            assertThat(pinning.pins()).as(path).isFalse();
            assertThat(pinning.command(JAVA, 1)).as(path).isEqualTo(JAVA);
            assertThatThrownBy(() -> pinning.cpu(0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void nodes_take_the_allowed_cpus_in_turn_and_share_them_past_the_count() {
        CorePinning pinning = CorePinning.find(bin.toString(), "2-3", 2);

        assertThat(pinning.cpus()).containsExactly(2, 3);
        assertThat(List.of(pinning.cpu(0), pinning.cpu(1), pinning.cpu(2))).containsExactly(2, 3, 2);
    }

    @Test
    void no_more_cpus_are_handed_out_than_the_jvm_counts_and_an_unreadable_mask_counts_from_zero() {
        assertThat(CorePinning.find(bin.toString(), "0-7", 2).cpus()).containsExactly(0, 1); // a CPU quota of 2 on 8
        assertThat(CorePinning.find(bin.toString(), null, 3).cpus()).containsExactly(0, 1, 2);
        assertThat(CorePinning.find(bin.toString(), "zero", 2).cpus()).containsExactly(0, 1);
    }

    @Test
    void the_kernels_cpu_list_reads_as_the_cpus_in_order() {
        assertThat(CorePinning.cpuList("0-3,8,10-11")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(CorePinning.cpuList("5")).containsExactly(5);
        assertThat(CorePinning.cpuList("3,1-2\n")).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> CorePinning.cpuList("3-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CorePinning.cpuList("1-2-3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_launcher_pins_each_node_to_the_next_cpu_and_a_restart_keeps_it() {
        Cluster cluster = Cluster.plan("127.0.0.1", 2, 1, null, "round-robin");
        Launcher launcher = new Launcher(cluster, CorePinning.find(bin.toString(), "0-1", 2));

        for (String node : cluster.names()) {
            assertThat(launcher.command(cluster.node(node))).startsWith(taskset.toString(), "-c");
        }
        assertThat(cpu(launcher, cluster, "shard-1")).isEqualTo("0");
        assertThat(cpu(launcher, cluster, "logic-1")).isEqualTo("1");
        assertThat(cpu(launcher, cluster, "logic-2")).isEqualTo("0");
        assertThat(cpu(launcher, cluster, "logic-1")).isEqualTo("1"); // the same CPU when it starts again
        List<String> java = TierProcess.command(cluster.node("logic-1").main(), cluster.node("logic-1").flags());
        assertThat(launcher.command(cluster.node("logic-1")).subList(3, java.size() + 4))
                .containsExactlyElementsOf(withOneCore(java));
    }

    @Test
    void the_launcher_runs_every_node_as_planned_unless_asked_to_pin() {
        Cluster cluster = Cluster.plan("127.0.0.1", 2, 1, null, "round-robin");
        Launcher launcher = new Launcher(cluster);

        for (String node : cluster.names()) {
            assertThat(launcher.command(cluster.node(node)))
                    .isEqualTo(TierProcess.command(cluster.node(node).main(), cluster.node(node).flags()));
        }
    }

    private static String cpu(Launcher launcher, Cluster cluster, String node) {
        return launcher.command(cluster.node(node)).get(2);
    }

    private static List<String> withOneCore(List<String> java) {
        List<String> expected = new ArrayList<>(java);
        expected.add(1, "-XX:ActiveProcessorCount=1");
        return expected;
    }
}
