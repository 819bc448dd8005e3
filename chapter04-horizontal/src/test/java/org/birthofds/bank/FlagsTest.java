package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.birthofds.bank.logic.LogicFlags;
import org.junit.jupiter.api.Test;

/** The tiers' flags: safe defaults, and a clear word for every mistake. */
class FlagsTest {

    @Test
    void defaults_bind_loopback_and_keep_a_journal() {
        Flags flags = Flags.parse();
        assertThat(flags.host()).isEqualTo("127.0.0.1");
        assertThat(flags.port()).isEqualTo(7071);
        assertThat(flags.memoryOnly()).isFalse();
        assertThat(flags.dataDir()).as("this chapter's own").isEqualTo(Path.of("bank-data", "chapter04"));
        assertThat(flags.workPerRequest()).isEqualTo(Duration.ZERO);
        assertThat(flags.cpuPerRequest()).isEqualTo(Duration.ZERO);
        assertThat(flags.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(flags.locking()).isEqualTo(Locks.Order.ORDERED);
    }

    @Test
    void every_flag_is_read() {
        Flags flags = Flags.parse("--port", "0", "--host", "0.0.0.0", "--data", "/tmp/x", "--memory-only", "--work-ms", "5",
                "--node", "n2", "--workers", "16", "--cpu-ms", "7", "--locking", "argument-order");
        assertThat(flags.port()).isZero();
        assertThat(flags.host()).isEqualTo("0.0.0.0");
        assertThat(flags.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(flags.memoryOnly()).isTrue();
        assertThat(flags.workPerRequest()).isEqualTo(Duration.ofMillis(5));
        assertThat(flags.node()).isEqualTo("n2");
        assertThat(flags.workers()).isEqualTo(16);
        assertThat(flags.cpuPerRequest()).isEqualTo(Duration.ofMillis(7));
        assertThat(flags.locking()).isEqualTo(Locks.Order.ARGUMENT_ORDER);
    }

    @Test
    void an_unknown_flag_is_refused_by_name() {
        assertThatThrownBy(() -> Flags.parse("--prot", "7070")).hasMessageContaining("Unknown flag '--prot'");
    }

    @Test
    void a_bad_number_is_refused_with_its_range() {
        assertThatThrownBy(() -> Flags.parse("--port", "seventy")).hasMessageContaining("--port takes a whole number from 0 to 65535");
        assertThatThrownBy(() -> Flags.parse("--work-ms", "-1")).hasMessageContaining("--work-ms");
        assertThatThrownBy(() -> Flags.parse("--workers", "0")).hasMessageContaining("--workers takes a whole number from 1");
    }

    @Test
    void an_unknown_locking_is_refused_with_the_choices() {
        assertThatThrownBy(() -> Flags.parse("--locking", "global"))
                .hasMessageContaining("--locking takes ordered, argument-order or none, not 'global'");
    }

    @Test
    void a_flag_without_its_value_is_refused() {
        assertThatThrownBy(() -> Flags.parse("--data")).hasMessageContaining("--data needs a value");
    }

    @Test
    void the_logic_tier_defaults_to_the_public_port_and_bounded_waits_for_the_data_tier() {
        LogicFlags flags = LogicFlags.parse();
        assertThat(flags.host()).isEqualTo("127.0.0.1");
        assertThat(flags.port()).isEqualTo(7070);
        assertThat(flags.shards().inline()).isEqualTo("shard-1=http://127.0.0.1:7071"); // chapter 3's one data tier
        assertThat(flags.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(flags.requestTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(LogicFlags.parse("--timeout-ms", "0").requestTimeout()).isZero();
    }

    @Test
    void a_logic_node_computes_per_request_only_when_asked() {
        assertThat(LogicFlags.parse().cpuPerRequest()).isZero();
        assertThat(LogicFlags.parse("--cpu-ms", "20").cpuPerRequest()).isEqualTo(Duration.ofMillis(20));
        assertThatThrownBy(() -> LogicFlags.parse("--cpu-ms", "-1")).hasMessageContaining("--cpu-ms");
    }

    @Test
    void a_tier_url_that_is_not_http_with_a_port_is_refused_with_an_example() {
        for (String url : new String[] {"127.0.0.1:7071", "https://127.0.0.1:7071", "http://127.0.0.1", "http://"}) {
            assertThatThrownBy(() -> LogicFlags.parse("--data-url", url)).as(url)
                    .hasMessageContaining("--data-url takes a URL such as http://127.0.0.1:7071");
        }
    }

    @Test
    void a_shard_reads_its_id_its_shard_map_and_its_recovery_timers() {
        Flags flags = Flags.parse("--shard-id", "shard-2", "--shards", "shard-1=http://127.0.0.1:7091,shard-2=http://127.0.0.1:7092",
                "--recovery-ms", "100", "--in-doubt-ms", "300");
        assertThat(flags.shardId()).isEqualTo("shard-2");
        assertThat(flags.shards().url("shard-1")).hasToString("http://127.0.0.1:7091");
        assertThat(flags.recoveryEvery()).isEqualTo(Duration.ofMillis(100));
        assertThat(flags.inDoubt()).isEqualTo(Duration.ofMillis(300));
        assertThat(Flags.parse().shardId()).isEqualTo("shard-1");
        assertThat(Flags.parse().shards()).isNull();
    }

    @Test
    void a_shard_map_is_refused_with_an_example_when_it_is_not_id_equals_url(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        assertThatThrownBy(() -> LogicFlags.parse("--shards", "shard-1")).hasMessageContaining("ID=URL, such as shard-1=http");
        assertThatThrownBy(() -> LogicFlags.parse("--shards", "shard-1=localhost")).hasMessageContaining("needs a URL such as");
        assertThatThrownBy(() -> LogicFlags.parse("--shards", "Shard 1=http://127.0.0.1:1")).hasMessageContaining("shard id");
        Path file = dir.resolve("shards.properties");
        java.nio.file.Files.writeString(file, "shard-2=http://127.0.0.1:7092\nshard-1=http://127.0.0.1:7091\n");
        assertThat(LogicFlags.parse("--shard-map", file.toString()).shards().inline())
                .isEqualTo("shard-1=http://127.0.0.1:7091,shard-2=http://127.0.0.1:7092");
        assertThatThrownBy(() -> LogicFlags.parse("--shard-map", file.toString(), "--shards", "shard-1=http://127.0.0.1:1"))
                .hasMessageContaining("not both");
    }
}
