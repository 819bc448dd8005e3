package org.birthofds.bank.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.simulation.Options;
import org.birthofds.bank.simulation.Schedule;
import org.junit.jupiter.api.Test;

/**
 * The CI-sized sweep: hundreds of seeded runs of the sharded bank (two Raft groups behind three
 * logic nodes) under crashes of replicas, leaders, logic nodes and coordinators mid-transfer, torn
 * writes, restarts, partitions and a lossy, duplicating, reordering network, every checker on
 * every run. -Dseed=N replays one run (its scenario comes from the seed).
 */
class SeedSweepTest {
    static final int RUNS = 1000;

    @Test
    void every_seeded_run_is_safe_and_recovers_once_faults_heal() {
        Long only = Long.getLong("seed");
        long first = only != null ? only : 1;
        int runs = only != null ? 1 : RUNS;
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Map<Schedule.Scenario, Integer> perScenario = new EnumMap<>(Schedule.Scenario.class);
        for (long seed = first; seed < first + runs; seed++) {
            // 1. Run the seed through the simulator and every checker.
            Trial.Verdict verdict = Trial.run(seed, Options.standard(), SeedSweepTest.class.getSimpleName());
            perScenario.merge(verdict.run().schedule().scenario(), 1, Integer::sum);
            if (!verdict.passed() && failures.size() < 3) {
                failures.add(verdict.report());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Seed sweep: %d runs from seed %d in %.1f s (%.0f runs/s), per scenario %s%n",
                runs, first, seconds, runs / seconds, perScenario);
        // 2. Every run passed: print the first failures whole, each with its replay command.
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }
}
