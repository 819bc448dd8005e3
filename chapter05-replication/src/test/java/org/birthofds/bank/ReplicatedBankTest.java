package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.protocol.ShardAnswer;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.replicated.ReplicatedBank;
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
                write(1000, new ShardRequest.Open("alice")),
                write(1001, new ShardRequest.Open("bob")),
                write(1002, new ShardRequest.Deposit("alice", 500, "k1")),
                write(1003, new ShardRequest.Deposit("alice", 500, "k1")), // resent after a leader change
                write(1004, new ShardRequest.Transfer("alice", "bob", 120, null)),
                write(1005, new ShardRequest.Withdraw("bob", 999, null)),
                write(1006, new ShardRequest.Prepare("x-1", new Bodies.Prepare("alice", "carol", "shard-2", 80), null)),
                write(1007, new ShardRequest.Withdraw("alice", 350, null)), // the hold of x-1 is not spendable
                write(1008, new ShardRequest.Commit("x-1")),
                write(1009, new ShardRequest.Freeze("f-1", 500)));
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
        assertThat(shown(one.read(read(new ShardRequest.ListAll())))).isEqualTo(shown(two.read(read(new ShardRequest.ListAll()))))
                .isEqualTo("200 {\"accounts\":[{\"id\":\"alice\",\"balance\":300},{\"id\":\"bob\",\"balance\":120}],\"total\":420}");
    }

    @Test
    void a_write_that_meets_a_freeze_changes_nothing_until_the_thaw() {
        ReplicatedBank bank = withAlice();
        bank.apply(write(2000, new ShardRequest.Freeze("f-1", 500)));

        assertThat(apply(bank, deposit(2100, 5))).isEqualTo("frozen 2500");
        assertThat(shown(bank.read(read(new ShardRequest.Balance("alice"))))).contains("\"balance\":0");
        assertThat(apply(bank, write(2200, new ShardRequest.Thaw("f-1")))).isEqualTo("200 {\"thawed\":true}");
        assertThat(apply(bank, deposit(2201, 5))).isEqualTo("200 {\"id\":\"alice\",\"balance\":5}");
    }

    @Test
    void under_a_freeze_only_its_readers_credit_is_applied() {
        ReplicatedBank bank = withAlice();
        bank.apply(write(2000, new ShardRequest.Intent("x-1", new Bodies.Intent("alice", 30, "shard-2"))));
        bank.apply(write(2001, new ShardRequest.Freeze("f-1", 500)));

        assertThat(apply(bank, write(2002, new ShardRequest.Resolve("x-1", true)))).isEqualTo("frozen 2501");
        assertThat(apply(bank, write(2003, new ShardRequest.Resolve("x-1", true, "f-2")))).isEqualTo("frozen 2501");
        assertThat(apply(bank, write(2004, new ShardRequest.Resolve("x-1", true, "f-1")))).contains("\"state\":\"APPLIED\"");
        assertThat(shown(bank.read(read(new ShardRequest.Balance("alice"))))).contains("\"balance\":30");
    }

    @Test
    void a_freeze_whose_reader_never_thaws_it_ends_at_the_first_write_stamped_past_its_lease() {
        ReplicatedBank bank = withAlice();
        bank.apply(write(2000, new ShardRequest.Freeze("f-1", 500)));

        assertThat(apply(bank, write(2499, new ShardRequest.Freeze("f-2", 500)))).isEqualTo("frozen 2500");
        assertThat(apply(bank, deposit(2500, 5))).isEqualTo("200 {\"id\":\"alice\",\"balance\":5}");
        assertThat(apply(bank, write(2600, new ShardRequest.Thaw("f-1")))).isEqualTo("200 {\"thawed\":false}");
    }

    @Test
    void an_entry_the_engine_cannot_apply_is_answered_alike_on_every_copy_instead_of_stopping_the_group() {
        ReplicatedBank bank = withAlice();

        String newer = "{\"time\":3000,\"request\":{\"verb\":\"explode\",\"id\":\"alice\"}}"; // a newer replica's, say
        assertThat(apply(bank, newer)).startsWith("500 {\"error\":\"internal_error\"");
        assertThat(apply(bank, deposit(3001, 7))).isEqualTo("200 {\"id\":\"alice\",\"balance\":7}");
    }

    private static ReplicatedBank withAlice() {
        ReplicatedBank bank = ReplicatedBank.create("shard-1", MAP);
        bank.apply(write(1, new ShardRequest.Open("alice")));
        return bank;
    }

    private static List<String> applyAll(ReplicatedBank bank, List<String> log) {
        List<String> answers = new ArrayList<>();
        log.forEach(entry -> answers.add(apply(bank, entry)));
        return answers;
    }

    private static String deposit(long time, long amount) {
        return write(time, new ShardRequest.Deposit("alice", amount, null));
    }

    private static String write(long time, ShardRequest request) {
        return new ShardRequest.Stamped(time, request).encode();
    }

    private static String read(ShardRequest request) {
        return Bodies.write(request);
    }

    /** An answer as the shard's HTTP face would give it ("STATUS BODY"), or "frozen UNTIL". */
    private static String apply(ReplicatedBank bank, String entry) {
        return shown(bank.apply(entry));
    }

    private static String shown(String answer) {
        ShardAnswer decoded = ShardAnswer.decode(answer);
        return decoded instanceof ShardAnswer.Given given ? given.status() + " " + given.body()
                : "frozen " + ((ShardAnswer.Frozen) decoded).until();
    }
}
