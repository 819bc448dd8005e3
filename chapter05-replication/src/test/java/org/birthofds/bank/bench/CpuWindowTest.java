package org.birthofds.bank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The measured window: from the generator's first progress tick to its last, and nothing it prints around them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CpuWindowTest {

    @Test
    void cpu_is_read_on_the_progress_ticks_only_and_spread_over_the_seconds_between_them() {
        AtomicInteger readings = new AtomicInteger();
        CpuWindow window = new CpuWindow(() -> {
            int i = readings.getAndIncrement(); // tick i at i seconds: process 0 busy all the time, process 1 half
            return new CpuWindow.Sample(i * 1_000_000_000L, List.of(Duration.ofMillis(1000L * i), Duration.ofMillis(500L * i)),
                    new MachineCpu(150L * i, 200L * i));
        });
        PrintStream out = new PrintStream(window, true, StandardCharsets.UTF_8);

        out.println("load: 8 clients, closed loop, 10 s, 0% reads, 100 accounts, seed 42 -> http://127.0.0.1:1");
        for (int second = 1; second <= 4; second++) {
            out.printf("%5d s %9d req/s %11d requests %7d errors%n", second, 40, 40 * second, 0);
        }
        out.println("throughput: 160 requests in 4.00 s = 40 req/s; 160 transfers = 40 transfers/s");
        out.println("latency ms: p50 1.000  p90 2.000  p99 3.000  p99.9 4.000  max 5.000");

        assertThat(readings).hasValue(4);
        assertThat(window.seconds()).isCloseTo(3.0, within(1e-9));
        assertThat(window.cores()).satisfiesExactly(
                busy -> assertThat(busy).isCloseTo(1.0, within(1e-9)),
                half -> assertThat(half).isCloseTo(0.5, within(1e-9)));
        assertThat(window.machine(2)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void before_two_ticks_there_is_no_window() {
        CpuWindow window = new CpuWindow(() -> new CpuWindow.Sample(0, List.of(Duration.ZERO), new MachineCpu(0, 0)));
        PrintStream out = new PrintStream(window, true, StandardCharsets.UTF_8);

        out.println("warm-up: 12 requests in 3.0 s, not measured");
        assertThat(window.seconds()).isZero();
        assertThat(window.cores()).isEmpty();
        assertThat(window.machine(2)).isNaN();

        out.printf("%5d s %9d req/s %11d requests %7d errors%n", 1, 40, 40, 0);
        assertThat(window.seconds()).isZero();
        assertThat(window.cores()).containsExactly(Double.NaN);
    }
}
