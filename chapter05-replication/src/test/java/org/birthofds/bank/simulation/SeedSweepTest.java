package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The CI-sized sweep: a thousand seeded runs of the sharded bank (two Raft groups, of three or of
 * five, behind three logic nodes) under crashes of replicas, leaders, logic nodes and coordinators
 * mid-transfer, crashes in the middle of a replica's batch, torn writes, restarts, partitions,
 * frozen replicas and leaders, late messages of past terms, and a lossy, duplicating, reordering
 * network, every checker on every run. Every two hundredth seed also runs twice, to prove that a seed
 * is a run. -Dseed=N replays one run (its scenario and group size come from the seed).
 */
class SeedSweepTest {
    /** 1,000; PIT asks for fewer per mutant (-Dsweep.runs). */
    static final int RUNS = Integer.getInteger("sweep.runs", 1000);
    static final int DETERMINISM_EVERY = 200;

    @Test
    void every_seeded_run_is_safe_and_recovers_once_faults_heal() {
        Long only = Long.getLong("seed");
        long first = only != null ? only : 1;
        int runs = only != null ? 1 : RUNS;
        long started = System.nanoTime();
        // 1. Every seed through the simulator and every checker, side by side on the machine's cores
        //    (each run is its own world: no seed's run depends on another's, or on which thread runs it).
        //    On two cores, one thread: the JIT compiler and the collector want the other (measured on
        //    2026-12-06: 10.5 s for the thousand, against 13.8 s on both).
        LongStream seeds = LongStream.range(first, first + runs);
        List<String> failures = (Runtime.getRuntime().availableProcessors() > 2 ? seeds.parallel() : seeds)
                .mapToObj(SeedSweepTest::failure).filter(Objects::nonNull).toList();
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Schedule.Scenario, Long> perScenario = LongStream.range(first, first + runs).boxed()
                .collect(Collectors.groupingBy(Schedule::scenarioOf, () -> new EnumMap<>(Schedule.Scenario.class),
                        Collectors.counting()));
        System.out.printf("Seed sweep: %d runs from seed %d in %.1f s (%.0f runs/s), per scenario %s%n",
                runs, first, seconds, runs / seconds, perScenario);
        // 3. Every run passed: print the first failures whole, each with its replay command.
        assertThat(failures).as(String.join("\n\n", failures.subList(0, Math.min(3, failures.size())))).isEmpty();
    }

    /** Null if the seed's run passes; a throw is a failure of that seed like any other. */
    private static String failure(long seed) {
        String failure = Sweep.failure(seed, Options.sweep(seed), SeedSweepTest.class.getSimpleName());
        if (failure == null && seed % DETERMINISM_EVERY == 0) {
            // 2. Now and then, the same seed twice: the two runs must be one.
            String parted = Trial.nondeterminism(seed, Options.sweep(seed));
            failure = parted == null ? null : parted + "\nReplay: " + Report.replay(SeedSweepTest.class.getSimpleName(), seed);
        }
        return failure;
    }
}
