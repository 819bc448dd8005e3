package org.birthofds.bank.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.simulation.Options;
import org.birthofds.bank.simulation.Report;
import org.birthofds.bank.simulation.Schedule;
import org.junit.jupiter.api.Test;

/**
 * The CI-sized sweep: a thousand seeded runs of the sharded bank (two Raft groups, of three or of
 * five, behind three logic nodes) under crashes of replicas, leaders, logic nodes and coordinators
 * mid-transfer, crashes in the middle of a replica's batch, torn writes, restarts, partitions,
 * frozen replicas and leaders, late messages of past terms, and a lossy, duplicating, reordering
 * network, every checker on every run. Every hundredth seed also runs twice, to prove that a seed
 * is a run. -Dseed=N replays one run (its scenario and group size come from the seed).
 */
class SeedSweepTest {
    static final int RUNS = 1000;
    static final int DETERMINISM_EVERY = 100;

    @Test
    void every_seeded_run_is_safe_and_recovers_once_faults_heal() {
        Long only = Long.getLong("seed");
        long first = only != null ? only : 1;
        int runs = only != null ? 1 : RUNS;
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Map<Schedule.Scenario, Integer> perScenario = new EnumMap<>(Schedule.Scenario.class);
        for (long seed = first; seed < first + runs; seed++) {
            // 1. Run the seed through the simulator and every checker; a throw is a failure of that seed.
            String failure = Sweep.failure(seed, Options.sweep(seed), SeedSweepTest.class.getSimpleName());
            perScenario.merge(Schedule.scenarioOf(seed), 1, Integer::sum);
            if (failure == null && seed % DETERMINISM_EVERY == 0) {
                // 2. Now and then, the same seed twice: the two runs must be one.
                String parted = Trial.nondeterminism(seed, Options.sweep(seed));
                failure = parted == null ? null : parted + "\nReplay: " + Report.replay(SeedSweepTest.class.getSimpleName(), seed);
            }
            if (failure != null && failures.size() < 3) {
                failures.add(failure);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Seed sweep: %d runs from seed %d in %.1f s (%.0f runs/s), per scenario %s%n",
                runs, first, seconds, runs / seconds, perScenario);
        // 3. Every run passed: print the first failures whole, each with its replay command.
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }
}
