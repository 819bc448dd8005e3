package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.birthofds.bank.replication.Effect.Refusal;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;
import org.birthofds.bank.replication.Message.RequestVote;
import org.junit.jupiter.api.Test;

/**
 * A replica refuses what no honest member of its group can send, and changes nothing for it
 * ({@link Admission}): each test sends one such message to a follower that holds three committed
 * entries, and finds it refused, its state as it was, and the replica still working.
 */
class AdmissionTest {

    @Test
    void a_stranger_is_refused_even_with_a_term_the_group_would_adopt() {
        Replica n1 = followerWithThreeCommittedEntries();
        assertRefused(n1, new RequestVote(9, "intruder", "n1", 10, 9, ""), Refusal.STRANGER);
    }

    @Test
    void a_message_for_another_replica_is_refused() {
        Replica n1 = followerWithThreeCommittedEntries();
        assertRefused(n1, new RequestVote(9, "n2", "n3", 10, 9, ""), Refusal.NOT_FOR_ME);
    }

    @Test
    void a_term_that_cannot_be_incremented_is_refused_and_the_next_election_still_counts_up() {
        Replica n1 = followerWithThreeCommittedEntries();
        assertRefused(n1, new RequestVote(Long.MAX_VALUE, "n2", "n1", 10, 1, ""), Refusal.TERM_OUT_OF_RANGE);
        n1.election.campaign();
        assertThat(n1.status().term()).isEqualTo(2);
    }

    @Test
    void entries_that_do_not_follow_prev_index_are_refused() {
        Replica n1 = followerWithThreeCommittedEntries();
        assertRefused(n1, new AppendEntries(1, "n2", "n1", 3, 1, List.of(e(5, 1, "skips index 4")), 3, 0), Refusal.MALFORMED);
        assertRefused(n1, new AppendEntries(1, "n2", "n1", 3, 1, List.of(e(4, 2, "a term past the message's")), 3, 0),
                Refusal.MALFORMED);
    }

    @Test
    void an_order_to_cut_a_committed_entry_is_refused_and_the_log_keeps_it() {
        Replica n1 = followerWithThreeCommittedEntries();
        // The forged AppendEntries of issue 25: a high term, one garbage entry at index 1.
        assertRefused(n1, new AppendEntries(7, "n3", "n1", 0, 0, List.of(e(1, 7, "garbage")), 0, 0), Refusal.CUTS_COMMITTED);
        assertThat(n1.entry(1)).isEqualTo(e(1, 1, ""));
        assertThat(n1.status().commitIndex()).isEqualTo(3).isLessThanOrEqualTo(n1.status().lastLogIndex());
    }

    @Test
    void an_order_to_cut_the_last_entry_a_snapshot_stands_for_is_refused() {
        // n1 restarted from a snapshot at 3@1 and threw its log away behind it: of entry 3 only its term is left.
        Replica n1 = new Replica("n1", List.of("n2", "n3"), Config.raft(),
                new Durable(1, null, new Snapshot(3, 1, null, ""), 3, 1, List.of()), Notebook.NOTEBOOK, new Random(1));
        assertThat(n1.status().commitIndex()).isEqualTo(3);
        n1.drain(); // its restart's own batch: the journal rewritten from the snapshot (Replica's constructor)
        assertRefused(n1, new AppendEntries(7, "n3", "n1", 2, 1, List.of(e(3, 7, "garbage"), e(4, 7, "more")), 3, 0),
                Refusal.CUTS_COMMITTED);
    }

    @Test
    void an_honest_message_that_starts_before_the_snapshot_is_taken() {
        // The same n1; its leader, not knowing how far it got, sends entries 2 to 4 after 1@1.
        Replica n1 = new Replica("n1", List.of("n2", "n3"), Config.raft(),
                new Durable(1, null, new Snapshot(3, 1, null, ""), 3, 1, List.of()), Notebook.NOTEBOOK, new Random(1));
        n1.receive(new AppendEntries(1, "n2", "n1", 1, 1, List.of(e(2, 1, "a"), e(3, 1, "b"), e(4, 1, "c")), 4, 0));
        assertThat(n1.drain()).noneMatch(effect -> effect instanceof Effect.Refused)
                .anySatisfy(effect -> assertThat(effect).isInstanceOfSatisfying(Effect.Send.class,
                        send -> assertThat(send.message()).isEqualTo(new Appended(1, "n1", "n2", true, 4, 0, ""))));
        assertThat(n1.entry(4)).isEqualTo(e(4, 1, "c"));
        assertThat(n1.status().commitIndex()).isEqualTo(4);
    }

    @Test
    void a_leader_refuses_an_acknowledgement_of_more_log_than_it_has() {
        Replica n1 = new Replica("n1", List.of("n2", "n3"), Config.raft(), Durable.empty(), Notebook.NOTEBOOK, new Random(1));
        n1.election.campaign();
        n1.receive(new Message.Vote(1, "n2", "n1", true, ""));
        n1.drain();
        assertThat(n1.status().role()).isEqualTo(Role.LEADER);
        assertRefused(n1, new Appended(1, "n2", "n1", true, 1_000_000, 0, ""), Refusal.MALFORMED);
        assertThat(n1.status().commitIndex()).isLessThanOrEqualTo(n1.status().lastLogIndex());
    }

    @Test
    void a_disk_that_says_what_cannot_be_stops_the_replica_before_it_serves() {
        assertThatThrownBy(() -> new Replica("n1", List.of("n2", "n3"), Config.raft(),
                new Durable(Long.MAX_VALUE, null, List.of()), Notebook.NOTEBOOK, new Random(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("term " + Long.MAX_VALUE);
        assertThatThrownBy(() -> new Replica("n1", List.of("n2", "n3"), Config.raft(),
                new Durable(1, null, List.of(e(1, 1, ""), e(2, 3, "ahead of its term"))), Notebook.NOTEBOOK, new Random(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("log ending at 2@3");
    }

    /** n1 follows n2 in term 1 and knows entries 1 to 3 committed. */
    private static Replica followerWithThreeCommittedEntries() {
        Replica n1 = new Replica("n1", List.of("n2", "n3"), Config.raft(), Durable.empty(), Notebook.NOTEBOOK, new Random(1));
        n1.receive(new AppendEntries(1, "n2", "n1", 0, 0, List.of(e(1, 1, ""), e(2, 1, "a"), e(3, 1, "b")), 3, 0));
        n1.drain();
        assertThat(n1.status().commitIndex()).isEqualTo(3);
        return n1;
    }

    /** Refused, with nothing to persist, send or answer, and term, log and commit index as they were. */
    private static void assertRefused(Replica replica, Message message, Refusal why) {
        Status before = replica.status();
        replica.receive(message);
        List<Effect> effects = replica.drain();
        assertThat(effects).as("what %s did with %s", replica.id(), message).hasSize(1).first()
                .isInstanceOfSatisfying(Effect.Refused.class, refused -> assertThat(refused.refusal()).isEqualTo(why));
        assertThat(replica.status()).isEqualTo(before);
    }

    private static Entry e(long index, long term, String command) {
        return new Entry(term, index, command);
    }
}
