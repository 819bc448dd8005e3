package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What makes replication fast, scripted (see {@link Script}), each with why it stays safe. The
 * seed sweep proves the same under every fault; these show each idea alone, and go red if it is
 * taken out.
 */
@Timeout(30)
class FastPathTest {

    /** n1 leads term 1 and every follower has said its log matches: they are being pipelined to. */
    private static Script ledByN1() {
        Script script = new Script(Config.raft(), "n1", "n2", "n3");
        script.timeOut("n1");
        script.quiet("n1", "n2", "n3");
        script.tick("n1", Config.raft().heartbeatTicks()); // a round that every follower answers
        script.quiet("n1", "n2", "n3");
        return script;
    }

    @Test
    void a_leader_sends_its_entries_while_it_forces_them_and_a_majority_without_it_commits_them() {
        Script script = ledByN1();
        // 1. The power goes as n1 forces x: its AppendEntries had already left (the Raft thesis, 10.2.1).
        script.crashWhileForcing("n1");
        long write = script.propose("n1", "x");
        assertThat(script.disk("n1").log()).extracting(Entry::command).doesNotContain("x");
        assertThat(script.inFlight("n1", "n2")).singleElement().satisfies(m ->
                assertThat(((AppendEntries) m).entries()).extracting(Entry::command).containsExactly("x"));
        // 2. The followers force x and say so; n2 is elected with n3's vote, and x commits under it.
        script.deliver("n1", "n2");
        script.deliver("n1", "n3");
        script.timeOut("n2");
        script.quiet("n2", "n3");
        assertThat(script.leaderOf(2)).isEqualTo("n2");
        script.tick("n2", Config.raft().heartbeatTicks());
        script.quiet("n2", "n3");
        assertThat(script.committed(2)).isEqualTo(new Entry(1, 2, "x"));
        // 3. n1 comes back without x, and is given it: nothing committed was lost, and its client was
        //    told nothing (it may retry under its idempotency key).
        script.restart("n1");
        script.tick("n2", Config.raft().heartbeatTicks());
        script.quiet("n1", "n2", "n3");
        assertThat(script.replica("n1").entry(2)).isEqualTo(new Entry(1, 2, "x"));
        assertThat(script.answer(write)).isNull();
        assertThat(script.problems()).as(script.story()).isEmpty();
    }

    @Test
    void writes_that_arrive_together_go_to_each_follower_in_one_append_entries() {
        Script script = ledByN1();
        Replica n1 = script.replica("n1");
        for (String command : List.of("a", "b", "c")) { // as the runtime gathers a batch of inputs, before one drain
            n1.propose(script.nextRequest(), command);
        }
        script.settleNow("n1");
        assertThat(script.inFlight("n1", "n2")).singleElement().satisfies(m ->
                assertThat(((AppendEntries) m).entries()).extracting(Entry::command).containsExactly("a", "b", "c"));
    }

    @Test
    void a_follower_that_matches_is_sent_the_next_entries_before_it_acknowledges_the_last() {
        Script script = ledByN1();
        script.propose("n1", "a");
        script.propose("n1", "b"); // nothing answered in between
        List<Message> toN2 = script.inFlight("n1", "n2");
        assertThat(toN2).hasSize(2);
        assertThat(toN2).extracting(m -> ((AppendEntries) m).entries().stream().map(Entry::command).toList())
                .containsExactly(List.of("a"), List.of("b")); // each only what is new: nothing sent twice
        // One is lost on the way: the next does not match, n2 refuses it, and n1 probes back to where n2's log ends.
        script.drop("n1", "n2");
        script.propose("n1", "c");
        script.quiet("n1", "n2", "n3");
        assertThat(script.replica("n2").entry(4)).isEqualTo(new Entry(1, 4, "c"));
        assertThat(script.replica("n2").status().lastLogIndex()).isEqualTo(4);
        assertThat(script.problems()).as(script.story()).isEmpty();
    }
}
