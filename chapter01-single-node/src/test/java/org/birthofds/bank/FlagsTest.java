package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The main's flags: safe defaults, and a clear word for every mistake. */
class FlagsTest {

    @Test
    void defaults_bind_loopback_and_keep_a_journal() {
        Flags flags = Flags.parse();
        assertThat(flags.host()).isEqualTo("127.0.0.1");
        assertThat(flags.port()).isEqualTo(7070);
        assertThat(flags.memoryOnly()).isFalse();
        assertThat(flags.dataDir()).as("this chapter's own").isEqualTo(Path.of("bank-data", "chapter01"));
        assertThat(flags.workPerRequest()).isEqualTo(Duration.ZERO);
    }

    @Test
    void every_flag_is_read() {
        Flags flags = Flags.parse("--port", "0", "--host", "0.0.0.0", "--data", "/tmp/x", "--memory-only", "--work-ms", "5",
                "--node", "n2");
        assertThat(flags.port()).isZero();
        assertThat(flags.host()).isEqualTo("0.0.0.0");
        assertThat(flags.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(flags.memoryOnly()).isTrue();
        assertThat(flags.workPerRequest()).isEqualTo(Duration.ofMillis(5));
        assertThat(flags.node()).isEqualTo("n2");
    }

    @Test
    void an_unknown_flag_is_refused_by_name() {
        assertThatThrownBy(() -> Flags.parse("--prot", "7070")).hasMessageContaining("Unknown flag '--prot'");
    }

    @Test
    void a_bad_number_is_refused_with_its_range() {
        assertThatThrownBy(() -> Flags.parse("--port", "seventy")).hasMessageContaining("--port takes a whole number from 0 to 65535");
        assertThatThrownBy(() -> Flags.parse("--work-ms", "-1")).hasMessageContaining("--work-ms");
    }

    @Test
    void a_flag_without_its_value_is_refused() {
        assertThatThrownBy(() -> Flags.parse("--data")).hasMessageContaining("--data needs a value");
    }
}
