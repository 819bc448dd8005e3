package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.replication.Config.SnapshotPolicy;
import org.birthofds.bank.replication.Message.InstallSnapshot;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Exercise 5.8 (easy, about half an hour): a leader keeps the last few entries behind each snapshot
 * ({@link SnapshotPolicy#keep}) so that a follower a little behind gets entries, not the whole state.
 * But it keeps them even when every follower is level, and then they are only disk. Keep, on the
 * leader, the entries after the slowest follower's copy, never more than the policy's few
 * ({@link Snapshots#compactBehind}). Scripted (see {@link Script}).
 */
class NeededEntriesExerciseTest {
    private static final Config CONFIG = Config.raft().withSnapshots(new SnapshotPolicy(4, 8, 5));

    @Test
    @Disabled("Exercise 5.8: keep behind a snapshot only the entries a follower still needs; solution in solutions/exercise-5.8")
    void a_leader_keeps_behind_its_snapshot_only_what_its_slowest_follower_still_needs() {
        Script script = new Script(CONFIG, Ledger::new, "n1", "n2", "n3");
        script.timeOut("n1");
        script.quiet("n1", "n2", "n3");
        // 1. Every follower level with n1 while it snapshots: it keeps nothing behind the snapshot.
        for (String write : new String[] {"alpha", "bravo", "charlie", "delta", "echo"}) {
            script.propose("n1", write);
            script.quiet("n1", "n2", "n3");
        }
        Replica n1 = script.replica("n1");
        assertThat(n1.snapshot().index()).isPositive();
        assertThat(n1.logBase()).as("entries kept behind a snapshot no follower needs").isEqualTo(n1.snapshot().index());
        // 2. n3 misses two writes; the next snapshot keeps what it lacks, and it gets entries, not the state.
        script.propose("n1", "foxtrot");
        script.drop("n1", "n3");
        script.propose("n1", "golf");
        script.drop("n1", "n3");
        for (String write : new String[] {"hotel", "india"}) {
            script.propose("n1", write);
            script.quiet("n1", "n2");
            script.drop("n1", "n3");
        }
        script.tick("n1", CONFIG.heartbeatTicks());
        boolean snapshotSent = false;
        for (int round = 0; round < 100 && !(script.inFlight("n1", "n3").isEmpty() && script.inFlight("n3", "n1").isEmpty()); round++) {
            if (!script.inFlight("n1", "n3").isEmpty()) {
                snapshotSent |= script.deliver("n1", "n3") instanceof InstallSnapshot;
            }
            if (!script.inFlight("n3", "n1").isEmpty()) {
                script.deliver("n3", "n1");
            }
        }
        System.out.println(script.story());
        assertThat(snapshotSent).as("a snapshot sent to a follower two entries behind").isFalse();
        assertThat(((Ledger) script.machine("n3")).applied()).contains("foxtrot", "golf");
        assertThat(script.problems()).isEmpty();
    }
}
