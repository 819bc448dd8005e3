package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.replication.Replica;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Exercise 5.1: a follower cut off from the others times out again and again, each time in a
 * higher term. When it is back, its term deposes a leader nobody else had any reason to doubt: one
 * needless election, and writes stall while it runs. Pre-vote (Raft thesis, section 9.6): before
 * raising its term, a node asks whether it could win, and others say yes only if they have not
 * heard from a leader lately. A node that cannot win never raises its term.
 */
class PreVoteExerciseTest {
    static final long SEED = 1; // s1n3 is a follower when it is cut off at 500 ms

    @Test
    @Disabled("Exercise 5.1: a rejoining partitioned node must not depose a stable leader (pre-vote); solution in solutions/exercise-5.1")
    void a_follower_back_from_a_partition_does_not_depose_the_stable_leader() {
        // 1. s1n3 alone is cut off from 500 ms to 2500 ms; the others keep their leader (one group).
        Options options = Options.standard().withShards(1).withSchedule(Schedule.reliable(List.of(
                Fault.partition(500, List.of("s1n3"), List.of()), Fault.heal(2500))));
        List<String> leaders = new ArrayList<>();
        List<Long> terms = new ArrayList<>();
        Run run = new Simulator(SEED, options).run(new Observer() {
            @Override
            public void becameLeader(String group, Replica replica, long time) {
                leaders.add("t=" + time + " " + replica.id() + " term " + replica.status().term());
                terms.add(replica.status().term());
            }
        });
        System.out.println("seed " + SEED + ", leaders: " + leaders + ", elections: " + run.elections());
        // 2. One leader, elected at the start: none after n3 rejoined, so no term was wasted.
        assertThat(leaders).as("leaders elected").hasSize(1);
        assertThat(run.statuses()).allMatch(s -> s.term() == terms.get(0));
    }
}
