package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.birthofds.bank.replication.Message.RequestVote;
import org.birthofds.bank.replication.Message.Vote;
import org.junit.jupiter.api.Test;

/**
 * One vote per term per replica, across crashes: Election Safety rests on the term and the vote
 * being on disk before the Vote leaves. A replica that forgot either could vote twice in a term,
 * once for each of two candidates, and each would lead. Scripted (see {@link Script}): two
 * candidates stand for the same term, and the voter between them crashes in between.
 */
class DurableVoteTest {
    @Test
    void a_replica_that_voted_and_restarted_refuses_a_second_candidate_of_the_same_term() {
        Script script = new Script(Config.raft(), "n1", "n2", "n3");
        // 1. n1 and n2 time out together: both stand for term 1, each voting for itself.
        script.timeOut("n1");
        script.timeOut("n2");
        // 2. n1's request reaches n3 first: n3 votes for n1; as the Vote leaves, term and vote are on its disk.
        script.deliver("n1", "n3");
        assertThat(script.inFlight("n3", "n1")).containsExactly(new Vote(1, "n3", "n1", true, ""));
        assertThat(script.disk("n3")).isEqualTo(new Durable(1, "n1", List.of()));
        script.deliver("n3", "n1");
        assertThat(script.leaderOf(1)).isEqualTo("n1");
        // 3. n3 crashes, and restarts from its disk.
        script.crash("n3");
        script.restart("n3");
        // 4. n2's request of term 1, delayed until now, reaches n3: it voted in term 1 already, and refuses.
        script.deliver("n2", "n3", RequestVote.class);
        assertThat(script.inFlight("n3", "n2")).containsExactly(new Vote(1, "n3", "n2", false, ""));
        script.deliver("n3", "n2");
        System.out.println(script.story());
        // 5. n2 stays a candidate: one leader in term 1.
        assertThat(script.replica("n2").status().role()).isEqualTo(Role.CANDIDATE);
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_vote_in_a_term_the_voter_already_knew_is_forced_too() {
        Script script = new Script(Config.raft(), "n1", "n2", "n3");
        // 1. n3 stands for term 1 (its request to n2 lost, to n1 slow); n1 and n2 time out twice
        //    (their first requests lost) and stand for term 2.
        script.timeOut("n3");
        script.drop("n3", "n2");
        script.timeOut("n1");
        script.drop("n1", "n2");
        script.drop("n1", "n3");
        script.timeOut("n1");
        script.timeOut("n2");
        script.drop("n2", "n1");
        script.drop("n2", "n3");
        script.timeOut("n2");
        // 2. n3's old request reaches n1, whose refusal tells n3 of term 2: n3 moves to term 2, voting for nobody.
        script.deliver("n3", "n1", RequestVote.class);
        script.deliver("n1", "n3", Vote.class);
        assertThat(script.replica("n3").status().term()).isEqualTo(2);
        // 3. n2's request reaches n3: n3 votes for n2. Only the vote changed in this step, and it is on disk as it leaves.
        script.deliver("n2", "n3", RequestVote.class);
        assertThat(script.inFlight("n3", "n2")).containsExactly(new Vote(2, "n3", "n2", true, ""));
        assertThat(script.disk("n3")).isEqualTo(new Durable(2, "n2", List.of()));
        script.deliver("n3", "n2");
        assertThat(script.leaderOf(2)).isEqualTo("n2");
        // 4. n3 crashes and restarts; n1's request of term 2 reaches it: refused.
        script.crash("n3");
        script.restart("n3");
        script.deliver("n1", "n3", RequestVote.class);
        assertThat(script.inFlight("n3", "n1")).containsExactly(new Vote(2, "n3", "n1", false, ""));
        script.deliver("n3", "n1");
        System.out.println(script.story());
        // 5. One leader in term 2.
        assertThat(script.replica("n1").status().role()).isEqualTo(Role.CANDIDATE);
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_vote_whose_force_did_not_finish_never_left() {
        Script script = new Script(Config.raft(), "n1", "n2", "n3");
        // 1. n1 and n2 stand for term 1.
        script.timeOut("n1");
        script.timeOut("n2");
        // 2. n3 takes n1's request and votes, but the power goes while it forces the vote: no Vote left.
        script.crashWhileForcing("n3");
        script.deliver("n1", "n3");
        assertThat(script.inFlight("n3", "n1")).isEmpty();
        assertThat(script.disk("n3")).isEqualTo(Durable.empty());
        // 3. Restarted with no vote on disk, n3 is free to vote for n2, and n2 leads term 1.
        script.restart("n3");
        script.deliver("n2", "n3", RequestVote.class);
        script.deliver("n3", "n2");
        System.out.println(script.story());
        assertThat(script.leaderOf(1)).isEqualTo("n2");
        // 4. n1 never had n3's vote: one leader in term 1.
        assertThat(script.replica("n1").status().role()).isEqualTo(Role.CANDIDATE);
        assertThat(script.problems()).isEmpty();
    }
}
