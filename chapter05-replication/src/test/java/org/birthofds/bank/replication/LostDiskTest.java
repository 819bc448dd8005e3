package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Members.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A machine that lost its disk and is started again under its old id, scripted (see {@link Script}).
 * It has forgotten its vote and every entry it acknowledged, so its vote can elect a leader that
 * lacks what the group committed. Its group knows it by the disk it had, and refuses it; added
 * again as a new member, it counts again.
 */
@Timeout(30)
class LostDiskTest {
    @Test
    void a_replica_back_on_an_empty_disk_under_its_old_id_cannot_elect_a_leader_without_committed_entries() {
        Script script = lostDisk(Config.raft());
        System.out.println(script.story());
        // n3, behind, stood and asked n2, whose empty log is behind no one's: n2 granted, but from
        // disk n2d2, not n2d1, the disk the group knows n2 by: n3 did not count it.
        assertThat(script.replica("n3").status().role()).isNotEqualTo(Role.LEADER);
        assertThat(script.problems()).isEmpty();
        // n1 comes back and leads again, with every committed entry: in the term after n3's, as n3
        // gave its vote of that term to itself.
        script.restart("n1");
        script.timeOut("n1");
        script.quiet("n1", "n2", "n3");
        script.timeOut("n1");
        script.quiet("n1", "n2", "n3");
        assertThat(script.replica("n1").status().role()).isEqualTo(Role.LEADER);
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void with_disks_unnamed_the_same_vote_elects_a_leader_that_lost_a_committed_entry() {
        Script script = lostDisk(Config.raft().without(Rule.KNOWN_DISKS));
        System.out.println(script.story());
        assertThat(script.replica("n3").status().role()).isEqualTo(Role.LEADER);
        // Committed while n3 was cut off, and now overwritten by the new leader's own entry.
        long last = lastCommitted(script);
        assertThat(script.committed(last).command()).isEqualTo("committed while n3 was away");
        assertThat(script.replica("n3").entry(last)).isNotEqualTo(script.committed(last));
    }

    @Test
    void a_replica_that_lost_its_disk_counts_again_once_removed_and_added_again() {
        Script script = Script.withNamedDisks(Config.raft(), "n1", "n2", "n3");
        elect(script);
        script.loseDisk("n2", "n2d2");
        script.crash("n3");
        // n2 answers from another disk: its acknowledgement counts for nothing, and with n3 down
        // the write cannot commit.
        long refused = script.propose("n1", "refused");
        script.quiet("n1", "n2");
        assertThat(script.answer(refused)).isNull();
        script.restart("n3");
        script.quiet("n1", "n2", "n3");
        // Removed, and added again: the group writes down the disk it has now.
        long removed = script.change("n1", Change.remove("n2"));
        script.quiet("n1", "n2", "n3");
        assertThat(script.answer(removed)).isEqualTo(Answer.OK);
        script.change("n1", Change.addLearner("n2", ""));
        script.quiet("n1", "n2", "n3");
        script.tick("n1", Config.raft().heartbeatTicks());
        script.quiet("n1", "n2", "n3");
        long promoted = script.change("n1", Change.promote("n2"));
        script.quiet("n1", "n2", "n3");
        System.out.println(script.story());
        assertThat(script.answer(promoted)).isEqualTo(Answer.OK);
        assertThat(script.replica("n1").members().disks()).containsEntry("n2", "n2d2");
        // Now n2's copy counts: with n3 down again, n1 and n2 commit.
        script.crash("n3");
        long counted = script.propose("n1", "counted");
        script.quiet("n1", "n2");
        assertThat(script.answer(counted)).isEqualTo(Answer.OK);
        assertThat(script.problems()).isEmpty();
    }

    /**
     * n1 leads n2 and n3, and the group has written down their disks; n3 is cut off while n1 and n2
     * commit one more write; n1 crashes, n2 comes back on an empty disk, and n3 stands.
     */
    private static Script lostDisk(Config config) {
        Script script = Script.withNamedDisks(config, "n1", "n2", "n3");
        elect(script);
        assertThat(script.replica("n3").members().disks()).containsKeys("n1", "n2", "n3");
        long write = script.propose("n1", "committed while n3 was away");
        script.quiet("n1", "n2");
        assertThat(script.answer(write)).isEqualTo(Answer.OK);
        script.drop("n1", "n3");
        script.crash("n1");
        script.loseDisk("n2", "n2d2");
        script.timeOut("n3");
        script.quiet("n2", "n3");
        return script;
    }

    /** n1 elected, with one write, and the group's disks written down (the leader binds them once its term has an entry committed). */
    private static void elect(Script script) {
        script.timeOut("n1");
        script.quiet("n1", "n2", "n3");
        script.propose("n1", "first");
        script.quiet("n1", "n2", "n3");
        script.tick("n1", Config.raft().heartbeatTicks());
        script.quiet("n1", "n2", "n3");
    }

    private static long lastCommitted(Script script) {
        long last = 0;
        while (script.committed(last + 1) != null) {
            last++;
        }
        return last;
    }
}
