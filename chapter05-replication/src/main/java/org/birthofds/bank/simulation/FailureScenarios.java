package org.birthofds.bank.simulation;

import java.util.List;
import org.birthofds.bank.replication.Config;

/**
 * The scripted fault schedules of the failure-mode pairs: one scenario, run flawed and real. Raft's
 * own flaws show in one group, so these run one shard group of three behind the logic tier;
 * client c1 goes through logic node l1, c2 through l2, c3 through l3.
 */
final class FailureScenarios {
    private FailureScenarios() {
    }

    /** The leader, l1 and client c1 are cut off at 1000 ms; 140 ms later (before any election) the leader crashes. */
    static Options leaderCrashesWhileCutOff(Config config) {
        return oneGroup(config).withSchedule(Schedule.reliable(List.of(
                Fault.isolateLeader(1000, "s1", List.of("l1", "c1"), List.of("l2", "l3", "c2", "c3")),
                Fault.crashLeader(1140, "s1"),
                Fault.heal(1600))));
    }

    /** The leader, l1 and client c1 are cut off from 800 ms to 2000 ms; c2 and c3 stay with the majority. */
    static Options leaderCutOffWithOneClient(Config config) {
        return oneGroup(config).withSchedule(Schedule.reliable(List.of(
                Fault.isolateLeader(800, "s1", List.of("l1", "c1"), List.of("l2", "l3", "c2", "c3")),
                Fault.heal(2000))));
    }

    /**
     * s1n3 alone is cut off from 400 ms to 2200 ms while the others commit writes; as it comes back,
     * the leader crashes, so s1n3 and the last up-to-date replica race for the next term.
     */
    static Options oneReplicaFallsBehind(Config config) {
        return oneGroup(config).withSchedule(Schedule.reliable(List.of(
                Fault.partition(400, List.of("s1n3"), List.of()),
                Fault.heal(2200),
                Fault.crashLeader(2200, "s1"))));
    }

    static Options oneGroup(Config config) {
        return Options.standard().withShards(1).withConfig(config);
    }
}
