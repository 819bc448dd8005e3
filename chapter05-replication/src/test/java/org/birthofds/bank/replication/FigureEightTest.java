package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;
import org.birthofds.bank.replication.Message.RequestVote;
import org.birthofds.bank.replication.Message.Vote;
import org.junit.jupiter.api.Test;

/**
 * Failure-mode pair: the Raft paper's figure 8, scripted (see {@link Script}). n1..n5 are the
 * paper's S1..S5, and every term is one lower than the paper's, as term 1 is our first election.
 * A leader finds an entry of an older term on a majority: may it call it committed? If it does,
 * a candidate whose last entry is of a newer term can still win, and overwrite it. Raft's rule: a
 * leader commits by counting only an entry of its own term; older ones commit with it. One entry
 * per AppendEntries, so the script moves the log one entry at a time, as the figure does.
 */
class FigureEightTest {
    private static final Entry X = new Entry(1, 2, "x");
    private static final Entry N5_NOOP = new Entry(2, 2, "");

    @Test
    void a_leader_counting_copies_of_an_old_term_entry_commits_what_a_later_leader_overwrites() {
        // 1. (a)-(c): n1 leads term 1 and writes x, which only n2 gets; n5 leads term 2 without it
        //    and writes its no-op at the same index; n1 leads term 3 and copies x to n3 and n4.
        Script script = new Script(Config.raft().withMaxEntriesPerMessage(1).without(Rule.OWN_TERM_COMMIT), "n1", "n2", "n3", "n4", "n5");
        long write = oldLeaderCopiesItsOldEntryToAMajority(script);
        // 2. Counting copies of an older term, x on n1, n3 and n4 counts as committed: n1 applies it.
        assertThat(script.replica("n1").status().commitIndex()).isEqualTo(2);
        assertThat(script.committed(2)).isEqualTo(X);
        // 3. (d): n1 crashes; n5, whose last entry is of term 2, wins term 4 and overwrites x on n2 and n3.
        newerLastTermWinsAndOverwrites(script);
        System.out.println(script.story());
        assertThat(script.leaderOf(4)).isEqualTo("n5");
        assertThat(script.replica("n2").entry(2)).isEqualTo(N5_NOOP);
        assertThat(script.replica("n3").entry(2)).isEqualTo(N5_NOOP);
        // 4. A committed entry is lost: State Machine Safety is broken (x was applied on n1, a no-op elsewhere).
        assertThat(script.problems()).anyMatch(p -> p.startsWith("committed entry lost: " + X + " was committed, but n5"));
        assertThat(script.problems()).anyMatch(p -> p.startsWith("committed entries differ at index 2"));
        assertThat(script.answer(write)).isNull(); // nobody was told, but n1's state machine has it
    }

    @Test
    void a_leader_counting_only_its_own_terms_entries_commits_nothing_a_later_leader_overwrites() {
        // 1. The same (a)-(c), with Raft's rule.
        Script script = new Script(Config.raft().withMaxEntriesPerMessage(1), "n1", "n2", "n3", "n4", "n5");
        long write = oldLeaderCopiesItsOldEntryToAMajority(script);
        // 2. x is on a majority (n1, n3, n4), but of term 1 while n1 leads term 3: not committed, not applied.
        assertThat(script.replica("n3").entry(2)).isEqualTo(X);
        assertThat(script.replica("n4").entry(2)).isEqualTo(X);
        assertThat(script.replica("n1").status().commitIndex()).isZero();
        assertThat(script.committed(2)).isNull();
        // 3. The same (d): n5 wins term 4 and overwrites x, which nobody had committed.
        newerLastTermWinsAndOverwrites(script);
        System.out.println(script.story());
        assertThat(script.leaderOf(4)).isEqualTo("n5");
        assertThat(script.committed(2)).isEqualTo(N5_NOOP);
        // 4. Every safety property holds; x's client was never told it happened.
        assertThat(script.problems()).isEmpty();
        assertThat(script.answer(write)).isNull();
    }

    @Test
    void an_old_term_entry_commits_with_the_first_entry_of_the_leaders_own_term() {
        // 1. The same (a)-(c), with Raft's rule.
        Script script = new Script(Config.raft().withMaxEntriesPerMessage(1), "n1", "n2", "n3", "n4", "n5");
        oldLeaderCopiesItsOldEntryToAMajority(script);
        // 2. (e): n1's no-op of term 3 follows x to n3 and n4: counting it commits it, and x with it.
        exchange(script, "n1", "n3");
        exchange(script, "n1", "n4");
        assertThat(script.replica("n1").status().commitIndex()).isEqualTo(3);
        assertThat(script.committed(2)).isEqualTo(X);
        // 3. n1 crashes; n5 comes back and stands for term 4: n3 and n4 hold an entry of term 3, and refuse.
        script.dropAllFrom("n1");
        script.crash("n1");
        n5StandsForTerm4(script);
        System.out.println(script.story());
        // 4. n5 cannot win: x stays committed, everything holds.
        assertThat(script.replica("n5").status().role()).isEqualTo(Role.CANDIDATE);
        assertThat(script.leaderOf(4)).isNull();
        assertThat(script.problems()).isEmpty();
    }

    /** Panels (a)-(c) of figure 8; returns the request id of the write x. */
    private static long oldLeaderCopiesItsOldEntryToAMajority(Script script) {
        // 1. n1 is elected for term 1, and its no-op reaches everyone: 1@1 everywhere, committed.
        script.timeOut("n1");
        for (String peer : new String[] {"n2", "n3", "n4", "n5"}) {
            script.deliver("n1", peer, RequestVote.class);
            script.deliver(peer, "n1", Vote.class);
        }
        for (String peer : new String[] {"n2", "n3", "n4", "n5"}) {
            exchange(script, "n1", peer);
        }
        // 2. (a) A client writes x: 2@1 reaches n2 only; then n1 crashes.
        long write = script.propose("n1", "x");
        exchange(script, "n1", "n2");
        script.dropAllFrom("n1");
        script.crash("n1");
        // 3. (b) n5 is elected for term 2 by n3 and n4 (n2 refuses: its log has x), and writes its
        //    no-op at index 2, which nobody gets; then n5 crashes.
        script.timeOut("n5");
        for (String peer : new String[] {"n3", "n4"}) {
            script.deliver("n5", peer, RequestVote.class);
            script.deliver(peer, "n5", Vote.class);
        }
        assertThat(script.leaderOf(2)).isEqualTo("n5");
        script.dropAllFrom("n5");
        script.crash("n5");
        // 4. (c) n1 restarts; standing for term 2 it loses to n3's and n4's votes for n5, so it
        //    stands again for term 3 and wins with n2 and n3.
        script.restart("n1");
        script.timeOut("n1");
        script.dropAllFrom("n1");
        script.timeOut("n1");
        for (String peer : new String[] {"n2", "n3"}) {
            script.deliver("n1", peer, RequestVote.class);
            script.deliver(peer, "n1", Vote.class);
        }
        assertThat(script.leaderOf(3)).isEqualTo("n1");
        // 5. n1 replicates: n3 and n4 lack index 2, so n1 backs off and sends them x. (n2 hears nothing.)
        script.drop("n1", "n2");
        for (String peer : new String[] {"n3", "n4"}) {
            exchange(script, "n1", peer); // refused: no entry at index 2
            exchange(script, "n1", peer); // x
        }
        return write;
    }

    /** Panel (d): n1 crashes, n5 comes back, wins term 4 and replicates its log to n2 and n3. */
    private static void newerLastTermWinsAndOverwrites(Script script) {
        script.dropAllFrom("n1");
        script.crash("n1");
        n5StandsForTerm4(script);
        for (String peer : new String[] {"n2", "n3"}) {
            exchange(script, "n5", peer); // refused: their index 2 is of term 1
            exchange(script, "n5", peer); // n5's no-op of term 2 replaces x
            exchange(script, "n5", peer); // n5's no-op of term 4
        }
    }

    /** n5 restarts; standing for term 3 its requests are lost; it stands again for term 4, asking n2, n3 and n4. */
    private static void n5StandsForTerm4(Script script) {
        script.restart("n5");
        script.timeOut("n5");
        script.dropAllFrom("n5");
        script.timeOut("n5");
        for (String peer : new String[] {"n2", "n3", "n4"}) {
            script.deliver("n5", peer, RequestVote.class);
            script.deliver(peer, "n5", Vote.class);
        }
    }

    /** One AppendEntries from the leader to a follower, and its answer back. */
    private static void exchange(Script script, String leader, String follower) {
        script.deliver(leader, follower, AppendEntries.class);
        script.deliver(follower, leader, Appended.class);
    }

}
