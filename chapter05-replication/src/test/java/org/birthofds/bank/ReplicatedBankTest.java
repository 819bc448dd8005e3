package org.birthofds.bank;

import org.birthofds.bank.protocol.ShardRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;

/**
 * Chapter 4's shard as the state machine of a replica group: every replica applies the same log
 * entries, so every copy must answer each one alike and end alike, with no clock and no chance of
 * its own; the consistent read's freeze and the Idempotency-Keys must work from the log alone.
 */
class ReplicatedBankTest {
    private static final ShardMap MAP = ShardMap.parse("shard-1=http://127.0.0.1:1,shard-2=http://127.0.0.1:2");

    @Test
    void two_copies_fed_the_same_log_answer_every_entry_alike_and_hold_the_same_bank() {
        List<String> log = List.of(
                write(1000, "open", null, null, "{\"id\":\"alice\"}"),
                write(1001, "open", null, null, "{\"id\":\"bob\"}"),
                write(1002, "deposit", "alice", "k1", "{\"amount\":500}"),
                write(1003, "deposit", "alice", "k1", "{\"amount\":500}"), // resent after a leader change
                write(1004, "transfer", null, null, "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":120}"),
                write(1005, "withdraw", "bob", null, "{\"amount\":999}"),
                write(1006, "prepare", "x-1", null, "{\"from\":\"alice\",\"to\":\"carol\",\"toShard\":\"shard-2\",\"amount\":80}"),
                write(1007, "withdraw", "alice", null, "{\"amount\":350}"), // the hold of x-1 is not spendable
                write(1008, "commit", "x-1", null, null),
                write(1009, "freeze", "f-1", null, "{\"leaseMs\":500}"));
        ReplicatedBank one = ReplicatedBank.create("shard-1", MAP);
        ReplicatedBank two = ReplicatedBank.create("shard-1", MAP);

        List<String> answers = applyAll(one, log);
        assertThat(applyAll(two, log)).isEqualTo(answers);
        assertThat(answers).containsExactly(
                "201 {\"id\":\"alice\",\"balance\":0}",
                "201 {\"id\":\"bob\",\"balance\":0}",
                "200 {\"id\":\"alice\",\"balance\":500}",
                "200 {\"id\":\"alice\",\"balance\":500}",
                "201 {\"transferId\":\"shard-1-t1\",\"from\":\"alice\",\"to\":\"bob\",\"amount\":120}",
                "422 {\"error\":\"insufficient_funds\",\"message\":\"Account 'bob' holds 120 cents, less than the 999 requested.\"}",
                answers.get(6),
                "422 {\"error\":\"insufficient_funds\",\"message\":\"Account 'alice' holds 300 cents, less than the 350 requested.\"}",
                answers.get(8),
                "200 {\"freezeId\":\"f-1\",\"shard\":\"shard-1\",\"accounts\":[{\"id\":\"alice\",\"balance\":300},"
                        + "{\"id\":\"bob\",\"balance\":120}],\"intents\":[],\"movedTo\":[]}");
        assertThat(answers.get(6)).startsWith("201 ").contains("\"state\":\"PENDING\"");
        assertThat(answers.get(8)).startsWith("200 ").contains("\"state\":\"COMMITTED\"");
        assertThat(one.read(read("list"))).isEqualTo(two.read(read("list")))
                .isEqualTo("200 {\"accounts\":[{\"id\":\"alice\",\"balance\":300},{\"id\":\"bob\",\"balance\":120}],\"total\":420}");
    }

    @Test
    void a_write_that_meets_a_freeze_changes_nothing_until_the_thaw() {
        ReplicatedBank bank = withAlice();
        bank.apply(write(2000, "freeze", "f-1", null, "{\"leaseMs\":500}"));

        assertThat(bank.apply(deposit(2100, 5))).isEqualTo("frozen 2500");
        assertThat(bank.read(read("account", "alice"))).contains("\"balance\":0");
        assertThat(bank.apply(write(2200, "thaw", "f-1", null, null))).isEqualTo("200 {\"thawed\":true}");
        assertThat(bank.apply(deposit(2201, 5))).isEqualTo("200 {\"id\":\"alice\",\"balance\":5}");
    }

    @Test
    void a_freeze_whose_reader_never_thaws_it_ends_at_the_first_write_stamped_past_its_lease() {
        ReplicatedBank bank = withAlice();
        bank.apply(write(2000, "freeze", "f-1", null, "{\"leaseMs\":500}"));

        assertThat(bank.apply(write(2499, "freeze", "f-2", null, "{\"leaseMs\":500}"))).isEqualTo("frozen 2500");
        assertThat(bank.apply(deposit(2500, 5))).isEqualTo("200 {\"id\":\"alice\",\"balance\":5}");
        assertThat(bank.apply(write(2600, "thaw", "f-1", null, null))).isEqualTo("200 {\"thawed\":false}");
    }

    @Test
    void an_entry_the_engine_cannot_apply_is_answered_alike_on_every_copy_instead_of_stopping_the_group() {
        ReplicatedBank bank = withAlice();

        assertThat(bank.apply(write(3000, "explode", "alice", null, null))) // a newer replica's verb, say
                .startsWith("500 {\"error\":\"internal_error\"");
        assertThat(bank.apply(deposit(3001, 7))).isEqualTo("200 {\"id\":\"alice\",\"balance\":7}");
    }

    private static ReplicatedBank withAlice() {
        ReplicatedBank bank = ReplicatedBank.create("shard-1", MAP);
        bank.apply(write(1, "open", null, null, "{\"id\":\"alice\"}"));
        return bank;
    }

    private static List<String> applyAll(ReplicatedBank bank, List<String> log) {
        List<String> answers = new ArrayList<>();
        log.forEach(entry -> answers.add(bank.apply(entry)));
        return answers;
    }

    private static String deposit(long time, long amount) {
        return write(time, "deposit", "alice", null, "{\"amount\":" + amount + "}");
    }

    private static String write(long time, String verb, String target, String key, String body) {
        return new ShardRequest(time, verb, target, key, body).encode();
    }

    private static String read(String verb) {
        return read(verb, null);
    }

    private static String read(String verb, String target) {
        return new ShardRequest(0, verb, target, null, null).encode();
    }
}
