package org.birthofds.bank.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line above every benchmark's table says when, on what code and on what machine its numbers
 * were measured; without it a README's figure cannot be compared with a new run. A checkout
 * without git still gets its table, with the commit "unknown".
 */
class MeasuredTest {

    @Test
    void the_header_names_the_date_the_commit_the_jdk_and_the_cores() {
        String header = Measured.header();

        assertThat(header).matches("Measured \\d{4}-\\d{2}-\\d{2} on commit ([0-9a-f]{4,40}|unknown)"
                + " \\(JDK [0-9][^ ,]*, [1-9]\\d* cores?, .+\\)");
        assertThat(header).contains("Measured " + LocalDate.now() + " ", "JDK " + System.getProperty("java.version") + ",",
                " " + Runtime.getRuntime().availableProcessors() + " core");
    }

    @Test
    void the_header_reads_as_one_line_in_a_fixed_order() {
        assertThat(Measured.header(LocalDate.of(2026, 12, 6), "4c66dde", "17.0.15", 2, "Linux 6.18 amd64"))
                .isEqualTo("Measured 2026-12-06 on commit 4c66dde (JDK 17.0.15, 2 cores, Linux 6.18 amd64)");
        assertThat(Measured.header(LocalDate.of(2026, 1, 2), "unknown", "21.0.2", 1, "Mac OS X 14.4 aarch64"))
                .isEqualTo("Measured 2026-01-02 on commit unknown (JDK 21.0.2, 1 core, Mac OS X 14.4 aarch64)");
    }

    @Test
    void a_missing_or_failing_git_makes_the_commit_unknown_and_never_fails_the_benchmark() {
        assertThat(Measured.commit(List.of("no-such-git-on-this-machine", "rev-parse", "--short", "HEAD")))
                .isEqualTo("unknown");
        assertThat(Measured.commit(List.of("git", "rev-parse", "--short", "no-such-revision-anywhere")))
                .isEqualTo("unknown");
    }

    @Test
    void the_kernel_release_keeps_its_major_and_minor() {
        assertThat(Measured.release("6.18.44-fc-v1252")).isEqualTo("6.18");
        assertThat(Measured.release("6.1.0-28-amd64")).isEqualTo("6.1");
        assertThat(Measured.release("10.0")).isEqualTo("10.0");
        assertThat(Measured.release("unnumbered")).isEqualTo("unnumbered");
    }
}
