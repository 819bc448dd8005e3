package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.protocol.ShardAnswer;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exercise 5.3 (medium, about an hour): the bank keeps every Idempotency-Key for ever, so a replica's
 * state, and the snapshot a new replica would need, grow with every keyed request since the bank
 * opened. Real payment APIs forget a key a day after its first use. Make the engine's
 * {@code Idempotency} do so: a repeat a day or more after the key's first use is a new request.
 *
 * <p>The catch is replication's: a day by whose clock? A replica that asked its own clock would
 * forget a key at a different entry than its peers, and the copies would part ways for ever, one
 * having applied a deposit twice. Measure the day in the times the leader stamped on the entries
 * ({@link ShardRequest.Stamped#time()}), which every replica reads alike.
 */
class KeyExpiryExerciseTest {
    private static final ShardMap MAP = ShardMap.parse("shard-1=http://127.0.0.1:1");
    private static final long HOUR = 3_600_000;

    @Test
    @Timeout(10)
    @Disabled("Exercise 5.3: forget an Idempotency-Key a day after its first use, by the log's time; solution in solutions/exercise-5.3")
    void a_key_is_forgotten_a_day_after_its_first_use_at_the_same_entry_on_every_replica() {
        List<String> log = List.of(
                entry(0, new ShardRequest.Open("alice")),
                entry(1000, new ShardRequest.Deposit("alice", 500, "k1")),
                entry(1000 + 23 * HOUR, new ShardRequest.Deposit("alice", 500, "k1")), // within the day: the first answer
                entry(1000 + 25 * HOUR, new ShardRequest.Deposit("alice", 500, "k1"))); // a day later: a new deposit
        ReplicatedBank one = ReplicatedBank.create("shard-1", MAP);
        ReplicatedBank two = ReplicatedBank.create("shard-1", MAP);

        List<String> answers = applyAll(one, log);
        assertThat(applyAll(two, log)).isEqualTo(answers); // the copies agree at every entry, whenever they apply it
        assertThat(answers).containsExactly(
                "{\"id\":\"alice\",\"balance\":0}",
                "{\"id\":\"alice\",\"balance\":500}",
                "{\"id\":\"alice\",\"balance\":500}",
                "{\"id\":\"alice\",\"balance\":1000}");
    }

    @Test
    @Timeout(10)
    @Disabled("Exercise 5.3: forget an Idempotency-Key a day after its first use, by the log's time; solution in solutions/exercise-5.3")
    void a_copy_restored_from_a_snapshot_forgets_a_key_at_the_same_entry_as_the_copy_that_took_it() {
        List<String> log = List.of(
                entry(0, new ShardRequest.Open("alice")),
                entry(10 * HOUR, new ShardRequest.Deposit("alice", 500, "k1")),
                entry(33 * HOUR, new ShardRequest.Deposit("alice", 500, "k1")), // within the day: the first answer
                entry(35 * HOUR, new ShardRequest.Deposit("alice", 500, "k1"))); // a day later: a new deposit
        ReplicatedBank whole = ReplicatedBank.create("shard-1", MAP);
        ReplicatedBank early = ReplicatedBank.create("shard-1", MAP);
        applyAll(early, log.subList(0, 2));
        ReplicatedBank restored = ReplicatedBank.create("shard-1", MAP);
        restored.restore(early.snapshot()); // chapter 5's compaction: a key's first use is state, and travels with it

        List<String> answers = applyAll(whole, log);
        assertThat(applyAll(restored, log.subList(2, 4))).isEqualTo(answers.subList(2, 4));
        assertThat(answers.subList(2, 4)).containsExactly("{\"id\":\"alice\",\"balance\":500}", "{\"id\":\"alice\",\"balance\":1000}");
    }

    private static List<String> applyAll(ReplicatedBank bank, List<String> log) {
        List<String> answers = new ArrayList<>();
        log.forEach(entry -> answers.add(((ShardAnswer.Given) ShardAnswer.decode(bank.apply(entry))).response().body()));
        return answers;
    }

    private static String entry(long time, ShardRequest request) {
        return new ShardRequest.Stamped(time, request).encode();
    }
}
