package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Members.Change;
import org.junit.jupiter.api.Test;

/**
 * Changing who is in a group, one server at a time, scripted (see {@link Script}): a new machine
 * joins as a learner and is promoted once it has caught up; a leader that removes itself hands
 * over without an election timeout; a change waits for the last one, and for the leader's own
 * term; and a group that replaces a dead machine survives the next death, where one that does not
 * replace it stops.
 */
class MembershipTest {
    /** More writes than a learner may lag by and still be promoted. */
    private static final List<String> WRITES = java.util.stream.IntStream.rangeClosed(1, (int) Membership.CAUGHT_UP + 2)
            .mapToObj(i -> "write " + i).toList();

    @Test
    void a_learner_catches_up_without_voting_and_counts_once_promoted() {
        Script script = new Script(Config.raft(), Ledger::new, "n1", "n2", "n3");
        electAndWrite(script, "n1", WRITES.toArray(String[]::new));
        // 1. n4 joins as a learner: the change commits on the voters alone.
        script.join("n4", script.replica("n1").members().withLearner("n4", ""));
        long added = script.change("n1", Change.addLearner("n4", ""));
        script.quiet("n1", "n2", "n3");
        assertThat(script.answer(added)).isEqualTo(Answer.OK);
        // 2. Promoting it before it holds the log (within Membership.CAUGHT_UP entries) is refused: it would
        //    count toward a majority it cannot serve.
        long early = script.change("n1", Change.promote("n4"));
        assertThat(script.answer(early)).isEqualTo(Answer.REFUSED);
        assertThat(script.body(early)).contains("has not caught up");
        // 3. A learner never stands, however long it hears nothing.
        script.tick("n4", 10 * Config.raft().electionTicksMax());
        assertThat(script.replica("n4").status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(script.replica("n4").status().term()).isZero();
        // 4. It catches up, and is promoted: four voters, a majority of three.
        script.tick("n1", Config.raft().heartbeatTicks());
        script.quiet("n1", "n2", "n3", "n4");
        assertThat(ledger(script, "n4").applied()).isEqualTo(WRITES);
        long promoted = script.change("n1", Change.promote("n4"));
        script.quiet("n1", "n2", "n3", "n4");
        System.out.println(script.story());
        assertThat(script.answer(promoted)).isEqualTo(Answer.OK);
        for (String id : List.of("n1", "n2", "n3", "n4")) {
            assertThat(script.replica(id).members().voters()).as(id).containsOnlyKeys("n1", "n2", "n3", "n4");
        }
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_learners_copy_does_not_count_toward_a_majority() {
        Script script = new Script(Config.raft(), Ledger::new, "n1", "n2", "n3");
        electAndWrite(script, "n1", "alpha");
        script.join("n4", script.replica("n1").members().withLearner("n4", ""));
        script.change("n1", Change.addLearner("n4", ""));
        script.tick("n1", Config.raft().heartbeatTicks());
        script.quiet("n1", "n2", "n3", "n4");
        // n2 and n3 die: n1 and its learner hold the next write, but only one voter of three does.
        script.crash("n2");
        script.crash("n3");
        long write = script.propose("n1", "bravo");
        script.quiet("n1", "n4");
        System.out.println(script.story());
        assertThat(script.answer(write)).isNull();
    }

    @Test
    void a_leader_that_removes_itself_hands_over_without_waiting_for_an_election_timeout() {
        Script script = new Script(Config.raft(), Ledger::new, "n1", "n2", "n3");
        electAndWrite(script, "n1", "alpha");
        // 1. n1 removes itself; once that is committed it steps down and tells the furthest voter to stand now.
        long removed = script.change("n1", Change.remove("n1"));
        script.quiet("n1", "n2", "n3");
        System.out.println(script.story());
        assertThat(script.answer(removed)).isEqualTo(Answer.OK);
        // 2. A new leader of the next term, elected without any replica's timer running out (no tick was given).
        String next = script.leaderOf(2);
        assertThat(next).isIn("n2", "n3");
        assertThat(script.replica(next).members().voters()).containsOnlyKeys("n2", "n3");
        // 3. n1 is out: it never stands again.
        script.tick("n1", 10 * Config.raft().electionTicksMax());
        assertThat(script.replica("n1").status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(script.leaderOf(3)).isNull();
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_change_waits_until_the_last_one_is_committed_and_the_leader_has_committed_in_its_own_term() {
        Script script = new Script(Config.raft(), Ledger::new, "n1", "n2", "n3");
        electAndWrite(script, "n1", "alpha");
        // 1. Two changes at once: the second is refused while the first is not committed.
        long first = script.change("n1", Change.addLearner("n4", ""));
        long second = script.change("n1", Change.addLearner("n5", ""));
        assertThat(script.answer(second)).isEqualTo(Answer.REFUSED);
        assertThat(script.body(second)).contains("one change at a time");
        script.quiet("n1", "n2", "n3");
        assertThat(script.answer(first)).isEqualTo(Answer.OK);
        // 2. A new leader, whose no-op has not committed yet, refuses a change: it could still be overwritten.
        script.timeOut("n2");
        script.deliver("n2", "n3");
        script.deliver("n3", "n2");
        assertThat(script.replica("n2").status().role()).isEqualTo(Role.LEADER);
        long tooSoon = script.change("n2", Change.remove("n1"));
        assertThat(script.answer(tooSoon)).isEqualTo(Answer.REFUSED);
        assertThat(script.body(tooSoon)).contains("no entry of its own term");
        System.out.println(script.story());
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_group_that_never_replaces_its_dead_machine_stops_at_the_second_death() {
        Script script = new Script(Config.raft(), Ledger::new, "n1", "n2", "n3");
        electAndWrite(script, "n1", "alpha");
        // 1. n3 dies for good; n2 dies too. n1 alone is one of three: no write can commit.
        script.crash("n3");
        script.crash("n2");
        long write = script.propose("n1", "bravo");
        script.tick("n1", 10 * Config.raft().heartbeatTicks());
        script.quiet("n1");
        System.out.println(script.story());
        assertThat(script.answer(write)).isNull(); // never answered: the group refuses every write from now on
        assertThat(ledger(script, "n1").applied()).containsExactly("alpha");
    }

    @Test
    void a_group_that_replaces_its_dead_machine_survives_the_second_death() {
        Script script = new Script(Config.raft(), Ledger::new, "n1", "n2", "n3");
        electAndWrite(script, "n1", "alpha");
        // 1. n3 dies for good, and is replaced: n4 joins with an empty disk, catches up, is promoted; n3 is removed.
        script.crash("n3");
        script.join("n4", script.replica("n1").members().withLearner("n4", ""));
        replace(script, "n1", "n3", "n4", "n1", "n2", "n4");
        assertThat(script.replica("n1").members().voters()).containsOnlyKeys("n1", "n2", "n4");
        // 2. n2 dies as well: n1 and n4, two of three, go on serving.
        script.crash("n2");
        long write = script.propose("n1", "bravo");
        script.quiet("n1", "n4");
        System.out.println(script.story());
        assertThat(script.answer(write)).isEqualTo(Answer.OK);
        script.tick("n1", Config.raft().heartbeatTicks()); // the next heartbeat tells n4 the write is committed
        script.quiet("n1", "n4");
        assertThat(ledger(script, "n4").applied()).containsExactly("alpha", "bravo");
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void the_members_outlive_the_log_that_named_them_in_snapshots_restarts_and_installs() {
        Config compacting = Config.raft().withSnapshots(new Config.SnapshotPolicy(3, 0, 8));
        Script script = new Script(compacting, Ledger::new, "n1", "n2", "n3");
        electAndWrite(script, "n1", "alpha");
        // 1. n4 is added as a learner while it is still being set up; then enough writes that the entry naming it is compacted away.
        long added = script.change("n1", Change.addLearner("n4", ""));
        script.quiet("n1", "n2", "n3");
        electAndWrite(script, "n1", "bravo", "charlie", "delta", "echo");
        assertThat(script.answer(added)).isEqualTo(Answer.OK);
        assertThat(script.replica("n2").logBase()).isGreaterThan(3);
        // 2. n2 restarts: its members come from its snapshot.
        script.crash("n2");
        script.restart("n2");
        assertThat(script.replica("n2").members().learners()).containsOnlyKeys("n4");
        // 3. n4 starts knowing only the first three: the snapshot it is sent tells it it is a learner.
        script.join("n4", Members.of(List.of("n1", "n2", "n3")));
        script.tick("n1", compacting.heartbeatTicks());
        script.quiet("n1", "n2", "n3", "n4");
        System.out.println(script.story());
        assertThat(script.replica("n4").members().learners()).containsOnlyKeys("n4");
        assertThat(ledger(script, "n4").applied()).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        assertThat(script.problems()).isEmpty();
    }

    /** Add {@code fresh} as a learner, let it catch up, promote it, remove {@code dead}: what replace does. */
    private static void replace(Script script, String leader, String dead, String fresh, String... up) {
        for (Change change : List.of(Change.addLearner(fresh, ""), Change.promote(fresh), Change.remove(dead))) {
            long request = script.change(leader, change);
            script.tick(leader, Config.raft().heartbeatTicks());
            script.quiet(up);
            assertThat(script.answer(request)).as("%s: %s", change, script.body(request)).isEqualTo(Answer.OK);
        }
    }

    private static void electAndWrite(Script script, String leader, String... writes) {
        if (script.replica(leader).status().role() != Role.LEADER) {
            script.timeOut(leader);
            script.quiet("n1", "n2", "n3");
        }
        for (String write : writes) {
            script.propose(leader, write);
            script.quiet("n1", "n2", "n3");
        }
    }

    private static Ledger ledger(Script script, String id) {
        return (Ledger) script.machine(id);
    }
}
