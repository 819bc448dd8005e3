package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator every chapter measures with: it counts right and checks the money. */
class LoadGeneratorTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void a_closed_loop_run_sends_every_request_and_finds_the_money_intact(@TempDir Path data) throws Exception {
        try (FrontDoor node = FrontDoor.durable(data)) {
            LoadOptions options = new LoadOptions(node.url(), 4, 0, 60, 400, 7, 10, 20, 0, 0.2);
            LoadResult result = LoadGenerator.run(options, out);
            assertThat(result.requests()).isEqualTo(400);
            assertThat(result.errors()).as(printed.toString()).isZero();
            assertThat(result.transfers()).isPositive();
            assertThat(result.transfers() + result.refused()).isLessThanOrEqualTo(400);
            assertThat(result.invariantHolds()).isTrue();
            assertThat(result.deposited()).isEqualTo(result.balanceSum()).isPositive();
            assertThat(result.ceilingPerSecond()).isPositive();
            assertThat(printed.toString()).contains("invariant OK").contains("p99");
        }
    }

    @Test
    void an_open_loop_run_keeps_to_its_rate() throws Exception {
        try (FrontDoor node = FrontDoor.memoryOnly()) {
            // 100 requests at 200/s: the last one is not even due until 0.495 s after the start
            LoadOptions options = new LoadOptions(node.url(), 2, 200, 60, 100, 7, 10, 50, 0, 0);
            LoadResult result = LoadGenerator.run(options, out);
            assertThat(result.requests()).isEqualTo(100);
            assertThat(result.seconds()).isGreaterThanOrEqualTo(0.495);
            assertThat(result.invariantHolds()).isTrue();
        }
    }

    @Test
    void two_runs_against_the_same_bank_open_their_own_accounts(@TempDir Path data) throws Exception {
        try (FrontDoor node = FrontDoor.durable(data)) {
            LoadOptions options = new LoadOptions(node.url(), 2, 0, 60, 50, 7, 5, 0, 0, 0);
            assertThat(LoadGenerator.run(options, out).errors()).isZero();
            LoadResult second = LoadGenerator.run(options, out);
            assertThat(second.errors()).as(printed.toString()).isZero();
            assertThat(second.invariantHolds()).isTrue();
        }
    }
}
