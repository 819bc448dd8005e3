package org.birthofds.bank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CPU-bound benchmark's arithmetic, without running it: which rows, and how busy the machine was. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MachineCpuTest {

    @Test
    void the_cpus_named_are_summed_from_proc_stat_and_the_machine_total_is_not_counted_twice() {
        List<String> stat = List.of(
                "cpu  300 0 60 640 0 0 0 0 0 0",
                "cpu0 100 0 20 380 0 0 0 0 0 0",
                "cpu1 200 0 40 260 0 0 0 0 0 0",
                "intr 30389362 0 0 0",
                "ctxt 123");

        assertThat(MachineCpu.of(stat, List.of(0, 1))).isEqualTo(new MachineCpu(360, 1000));
        assertThat(MachineCpu.of(stat, List.of(1))).isEqualTo(new MachineCpu(240, 500));
    }

    @Test
    void busy_time_counts_user_nice_system_and_interrupts_and_not_idle_iowait_or_steal() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        MachineCpu cpu = MachineCpu.of(List.of("cpu0 10 1 2 70 5 3 4 5 10 0"), List.of(0));

        assertThat(cpu).isEqualTo(new MachineCpu(20, 100));
    }

    @Test
    void busy_cores_are_the_busy_share_of_the_ticks_times_the_cpus() {
        MachineCpu before = new MachineCpu(1_000, 10_000);
        MachineCpu after = new MachineCpu(1_000 + 1_500, 10_000 + 2_000); // 75% of 2 CPUs' ticks were busy

        assertThat(after.coresSince(before, 2)).isCloseTo(1.5, within(1e-9));
        assertThat(before.coresSince(before, 2)).isNaN();
    }

    @Test
    void the_cpu_bound_rows_double_the_nodes_up_to_the_cpus_then_add_one_that_must_share() {
        assertThat(Scale.cpuNodeCounts(1)).containsExactly(1, 2);
        assertThat(Scale.cpuNodeCounts(2)).containsExactly(1, 2, 3);
        assertThat(Scale.cpuNodeCounts(6)).containsExactly(1, 2, 4, 6, 7);
        assertThat(Scale.cpuNodeCounts(8)).containsExactly(1, 2, 4, 8, 9);
    }
}
