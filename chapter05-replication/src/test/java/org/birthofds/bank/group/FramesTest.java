package org.birthofds.bank.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Message;
import org.junit.jupiter.api.Test;

/** A peer's stream must hand the receiving replica exactly the records the sender's replica put in its outbox. */
class FramesTest {
    private static final List<Message> EVERY_KIND = List.of(
            new Message.RequestVote(3, "r1", "r2", 7, 2, "3f2a9c01d4e5"),
            new Message.Vote(3, "r2", "r1", true, "3f2a9c01d4e6"),
            new Message.AppendEntries(3, "r1", "r3", 5, 2, List.of(new Entry(3, 6, ""), new Entry(3, 7, "t#1 9 deposit alice 5 é€")),
                    6, 11),
            new Message.Appended(3, "r3", "r1", false, 4, 11, ""),
            new Message.InstallSnapshot(3, "r1", "r2", 40, 2, "#members voters=r1=http://127.0.0.1:7111,r2 learners=r4", 1000, 512,
                    "{\"accounts\":[{\"id\":\"a\"}]}"),
            new Message.SnapshotReceived(3, "r2", "r1", 40, 512, 1000, ""),
            new Message.TimeoutNow(3, "r1", "r2"));

    @Test
    void a_frame_of_every_kind_of_raft_message_comes_back_as_the_same_records_in_order() {
        assertThat(Frames.read(Frames.write(EVERY_KIND))).isEqualTo(EVERY_KIND);
    }

    @Test
    void bytes_that_are_no_frame_are_refused_not_misread() {
        byte[] frame = Frames.write(EVERY_KIND);
        assertThatThrownBy(() -> Frames.read(Arrays.copyOf(frame, frame.length - 3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.read(new byte[] {0, 0, 0, 1, 42})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frames.read(new byte[] {127, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class);
    }
}
