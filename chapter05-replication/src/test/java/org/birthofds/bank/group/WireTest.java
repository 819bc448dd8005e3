package org.birthofds.bank.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Message;
import org.junit.jupiter.api.Test;

/** Between JVMs a replica must receive exactly the message record the sender's replica put in its outbox. */
class WireTest {
    @Test
    void every_kind_of_raft_message_comes_back_as_the_same_record() {
        List<Message> messages = List.of(
                new Message.RequestVote(3, "r1", "r2", 7, 2, ""),
                new Message.Vote(3, "r2", "r1", true, ""),
                new Message.AppendEntries(3, "r1", "r3", 5, 2, List.of(new Entry(3, 6, ""), new Entry(3, 7, "t#1 9 deposit alice 5")),
                        6, 11),
                new Message.Appended(3, "r3", "r1", false, 4, 11, ""),
                new Message.InstallSnapshot(3, "r1", "r2", 40, 2, "#members voters=r1=http://127.0.0.1:7111,r2 learners=r4", 1000, 512, "{\"accounts\":[{\"id\":\"a\"}]}"),
                new Message.SnapshotReceived(3, "r2", "r1", 40, 512, 1000, ""),
                new Message.TimeoutNow(3, "r1", "r2"));
        for (Message message : messages) {
            assertThat(Wire.read(Wire.write(message))).isEqualTo(message);
        }
    }

    @Test
    void a_body_that_is_no_raft_message_is_refused() {
        assertThatThrownBy(() -> Wire.read("{\"kind\": \"Gossip\", \"from\": \"x\", \"to\": \"y\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wire.read("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
