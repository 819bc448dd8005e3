package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Members.Change;
import org.junit.jupiter.api.Test;

/**
 * The bug in single-server membership changes that Diego Ongaro reported on raft-dev in 2015,
 * scripted message by message (see {@link Script}): two changes, each made by a leader of its own
 * term, each committed or voted by a majority of its own members, and the two majorities share no
 * replica. A leader that first commits an entry of its own term cannot make the second change
 * while the first is still out there: that entry needs a majority of the members it knows.
 */
class SingleServerChangeTest {
    @Test
    void a_leader_that_changes_members_before_committing_in_its_own_term_lets_a_committed_entry_be_overwritten() {
        Script script = dance(Config.raft().without(Rule.MEMBERS_AFTER_OWN_TERM));
        System.out.println(script.story());
        assertThat(script.problems()).anyMatch(p -> p.contains("committed entries differ") || p.contains("committed entry lost"));
    }

    @Test
    void a_leader_that_waits_for_an_entry_of_its_own_term_refuses_the_change_and_nothing_committed_is_lost() {
        Script script = dance(Config.raft());
        System.out.println(script.story());
        assertThat(script.problems()).isEmpty();
    }

    /**
     * n1..n4 vote; n1 leads and has added n5 as a learner. n1 promotes n5 and only n5 hears of it.
     * n2 is elected by n3 and n4, and at once removes n4, who hears nothing of term 2. Then n1 and
     * the two replicas its members let it count on, n4 and n5, elect n1 again.
     */
    private static Script dance(Config config) {
        Script script = new Script(config, Ledger::new, "n1", "n2", "n3", "n4");
        String[] all = {"n1", "n2", "n3", "n4", "n5"};
        // 1. n1 leads term 1; n5 joins as a learner and catches up.
        script.timeOut("n1");
        script.quiet("n1", "n2", "n3", "n4");
        script.join("n5", script.replica("n1").members().withLearner("n5", ""));
        script.change("n1", Change.addLearner("n5", ""));
        script.quiet(all);
        script.tick("n1", config.heartbeatTicks());
        script.quiet(all);
        // 2. n1 promotes n5 (five voters): only n5 gets the entry.
        long promoted = script.change("n1", Change.promote("n5"));
        for (String cutOff : new String[] {"n2", "n3", "n4"}) {
            script.drop("n1", cutOff);
        }
        script.deliver("n1", "n5");
        script.deliver("n5", "n1");
        assertThat(script.answer(promoted)).isNull(); // 2 copies of 5: not committed
        // 3. n2 stands for term 2 and wins with n3 and n4 (three of the four it knows).
        script.timeOut("n2");
        script.drop("n2", "n1");
        script.deliver("n2", "n3");
        script.deliver("n2", "n4");
        script.deliver("n3", "n2");
        script.deliver("n4", "n2");
        assertThat(script.leaderOf(2)).isEqualTo("n2");
        // 4. At once, n2 removes n4 (three voters: n1, n2, n3); n4 hears nothing more of term 2.
        long removed = script.change("n2", Change.remove("n4"));
        script.drop("n2", "n4");
        script.drop("n2", "n1");
        script.drop("n2", "n5");
        script.quiet("n2", "n3");
        script.propose("n2", "written in term 2");
        script.drop("n2", "n1");
        script.drop("n2", "n5");
        script.quiet("n2", "n3");
        script.drop("n2", "n1");
        script.drop("n2", "n5");
        // 5. n1 restarts, and stands, and again: n4 (whose log ends in term 1) and n5 vote for it, as its five members allow.
        script.crash("n1");
        script.restart("n1");
        for (int attempt = 0; attempt < 2 && script.replica("n1").status().role() != Role.LEADER; attempt++) {
            script.timeOut("n1");
            script.drop("n1", "n2");
            script.drop("n1", "n3");
            script.quiet("n1", "n4", "n5");
        }
        script.tick("n1", config.heartbeatTicks());
        script.quiet("n1", "n4", "n5");
        assertThat(script.answer(removed)).isNotNull(); // committed by n2 and n3, or refused
        return script;
    }
}
