package org.birthofds.bank.replicated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.protocol.Next;
import org.birthofds.bank.protocol.Outcome;
import org.birthofds.bank.protocol.ShardAnswer;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compaction's promise: a replica that restores a snapshot taken after entry k, then applies the
 * log from k on, is the replica that applied the whole log, in every answer it gives and in every
 * byte of its state. Seeded: -Dsnapshot.seed=N replays one seed.
 */
class BankSnapshotTest {
    private static final ShardMap MAP = ShardMap.parse(RandomLog.MAP);
    private static final int SEEDS = 100;
    private static final int ENTRIES = 400;
    private static final int CUTS = 6;

    @Test
    @Timeout(60)
    void a_copy_restored_from_a_snapshot_answers_the_rest_of_the_log_as_the_copy_that_took_it() {
        Long only = Long.getLong("snapshot.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : SEEDS;
        System.out.printf("BankSnapshotTest: seeds %d to %d (replay one with -Dsnapshot.seed=N)%n", first, last);
        int succeeded = 0;
        for (long seed = first; seed <= last; seed++) {
            // 1. The original applies the whole log, and takes a snapshot at each cut on its way.
            RandomLog log = new RandomLog(seed);
            ReplicatedBank original = bank();
            List<String> entries = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            List<String> snapshots = new ArrayList<>();
            List<Integer> cuts = new ArrayList<>(cuts(seed));
            for (int cut : cuts) {
                entries.addAll(log.feed(original, cut - entries.size(), answers));
                snapshots.add(original.snapshot());
            }
            entries.addAll(log.feed(original, ENTRIES - entries.size(), answers));
            succeeded += (int) answers.stream().filter(BankSnapshotTest::succeeded).count();
            List<String> reads = readAll(original, log);
            List<Next.Call> inDoubt = inDoubt(original, log.now());
            String snapshot = original.snapshot();

            for (int c = 0; c < cuts.size(); c++) {
                int cut = cuts.get(c);
                String where = "seed " + seed + " (-Dsnapshot.seed=" + seed + "), cut after " + cut + " entries";
                // 2. A copy restores the snapshot: every other one over a bank that held a state of its own.
                ReplicatedBank copy = c % 2 == 0 ? bank() : holdingOtherState(seed);
                copy.restore(snapshots.get(c));
                assertThat(copy.snapshot()).as("%s: the snapshot, restored and taken again", where).isEqualTo(snapshots.get(c));
                // 3. It answers the rest of the log exactly as the original did.
                for (int i = cut; i < ENTRIES; i++) {
                    assertThat(copy.apply(entries.get(i))).as("%s: entry %d, %s", where, i, entries.get(i)).isEqualTo(answers.get(i));
                }
                // 4. And ends in the same state, read from outside and byte for byte.
                assertThat(readAll(copy, log)).as("%s: the reads", where).isEqualTo(reads);
                assertThat(copy.unsettled()).as("%s: unsettled", where).isEqualTo(original.unsettled());
                assertThat(inDoubt(copy, log.now())).as("%s: the recovery pass", where).isEqualTo(inDoubt);
                assertThat(copy.shardMap().inline()).as("%s: the shard map", where).isEqualTo(original.shardMap().inline());
                assertThat(copy.snapshot()).as("%s: the final snapshot", where).isEqualTo(snapshot);
            }
        }
        double share = succeeded / (double) ((last - first + 1) * ENTRIES);
        System.out.printf("BankSnapshotTest: %.0f%% of the answers were 2xx%n", 100 * share);
        assertThat(share).as("the share of 2xx answers: a log of refusals would prove nothing").isGreaterThan(0.5);
    }

    @Test
    @Timeout(10)
    void restore_replaces_everything_the_copy_held_before() {
        // 1. The snapshot's bank: alice, with a keyed deposit.
        ReplicatedBank source = bank();
        apply(source, 1, new ShardRequest.Open("alice"));
        apply(source, 2, new ShardRequest.Deposit("alice", 100, "k-1"));
        // 2. A copy that held much else: an account and its key, one moved away, a PENDING transfer, an intent,
        //    a map of three shards, and a freeze whose lease runs to 10,000.
        ShardMap three = ShardMap.parse(RandomLog.MAP + ",shard-3=http://127.0.0.1:3");
        String elsewhere = idPlacedElsewhere(three);
        ReplicatedBank copy = bank();
        apply(copy, 1, new ShardRequest.Open("zed"));
        apply(copy, 2, new ShardRequest.Deposit("zed", 500, "k-2"));
        apply(copy, 3, new ShardRequest.Open("gone"));
        apply(copy, 4, new ShardRequest.Export("gone", "shard-2"));
        apply(copy, 5, new ShardRequest.Moved("gone", "shard-2"));
        apply(copy, 6, new ShardRequest.Prepare("x-1", new Bodies.Prepare("zed", "bob", "shard-2", 50), null));
        apply(copy, 7, new ShardRequest.Intent("y-1", new Bodies.Intent("zed", 20, "shard-2")));
        apply(copy, 8, new ShardRequest.InstallMap(three.inline()));
        apply(copy, 9, new ShardRequest.Freeze("f-1", 10_000));
        assertThat(copy.unsettled()).isEqualTo(3);

        // 3. Restored, it holds exactly the snapshot's state, and nothing of its own.
        copy.restore(source.snapshot());
        assertThat(copy.snapshot()).isEqualTo(source.snapshot());
        assertThat(copy.unsettled()).isZero();
        assertThat(copy.shardMap().inline()).isEqualTo(RandomLog.MAP);
        assertThat(read(copy, new ShardRequest.ListAll())).isEqualTo("200 {\"accounts\":[{\"id\":\"alice\",\"balance\":100}],\"total\":100}");
        assertThat(read(copy, new ShardRequest.Balance("gone"))).startsWith("404 ");
        assertThat(read(copy, new ShardRequest.RecordState("x-1"))).startsWith("404 ");
        // The copy's own key k-2 and its own freeze f-1 are gone: this deposit is new, and nothing freezes it.
        assertThat(apply(copy, 10, new ShardRequest.Deposit("alice", 5, "k-2"))).isEqualTo("200 {\"id\":\"alice\",\"balance\":105}");
        assertThat(apply(copy, 11, new ShardRequest.Deposit("alice", 7, "k-1"))).startsWith("422 ").contains("key_reused");
        assertThat(apply(copy, 12, new ShardRequest.Open(elsewhere))).startsWith("201 "); // no map places it elsewhere now
    }

    @Test
    @Timeout(10)
    void two_copies_fed_the_same_log_give_the_same_snapshot_byte_for_byte() {
        ReplicatedBank one = bank();
        ReplicatedBank two = bank();
        new RandomLog(7).feed(one, ENTRIES, new ArrayList<>());
        new RandomLog(7).feed(two, ENTRIES, new ArrayList<>());

        String snapshot = one.snapshot();
        assertThat(two.snapshot()).isEqualTo(snapshot);
        BankSnapshot saved = Bodies.read(snapshot, BankSnapshot.class);
        assertThat(saved.accounts()).hasSizeGreaterThan(10);
        assertThat(saved.keys()).hasSizeGreaterThan(10);
        assertThat(saved.transactions()).hasSizeGreaterThan(5);
        assertThat(saved.intents()).hasSizeGreaterThan(5);
        // Whatever order a copy's tables were filled in: one restored over a state of its own gives the same text.
        ReplicatedBank third = holdingOtherState(8);
        third.restore(snapshot);
        assertThat(third.snapshot()).isEqualTo(snapshot);
    }

    @Test
    @Timeout(10)
    void a_snapshot_of_another_shard_is_refused() {
        ReplicatedBank other = ReplicatedBank.create("shard-2", MAP);
        apply(other, 1, new ShardRequest.Open("bob"));

        assertThatThrownBy(() -> bank().restore(other.snapshot())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shard-2");
    }

    private static ReplicatedBank bank() {
        return ReplicatedBank.create("shard-1", MAP);
    }

    /** A bank that applied another seed's log: its tables hold other rows, and grew in another order. */
    private static ReplicatedBank holdingOtherState(long seed) {
        ReplicatedBank bank = bank();
        new RandomLog(seed + 1_000_000).feed(bank, 150, new ArrayList<>());
        return bank;
    }

    /** CUTS distinct places in the log, drawn from the seed. */
    private static SortedSet<Integer> cuts(long seed) {
        Random random = new Random(-seed);
        SortedSet<Integer> cuts = new TreeSet<>();
        while (cuts.size() < CUTS) {
            cuts.add(1 + random.nextInt(ENTRIES - 1));
        }
        return cuts;
    }

    private static List<String> readAll(ReplicatedBank bank, RandomLog log) {
        return log.reads().stream().map(bank::read).toList();
    }

    /** The calls a recovery pass makes at four moments of the log, none answered: ages must survive a snapshot too. */
    private static List<Next.Call> inDoubt(ReplicatedBank bank, long end) {
        List<Next.Call> calls = new ArrayList<>();
        for (long now = end / 4; now <= end; now += end / 4) {
            Steps pass = bank.recoveryPass(now, 0);
            Next next = pass == null ? null : pass.start();
            while (next instanceof Next.Call call) {
                calls.add(call);
                next = pass.on(Outcome.of(Outcome.unavailable("no answer in this test")));
            }
        }
        return calls;
    }

    private static boolean succeeded(String answer) {
        return ShardAnswer.decode(answer) instanceof ShardAnswer.Given given && given.status() / 100 == 2;
    }

    private static String idPlacedElsewhere(ShardMap map) {
        for (int i = 0; ; i++) {
            if (!map.shardFor("acct-" + i).equals("shard-1")) {
                return "acct-" + i;
            }
        }
    }

    private static String apply(ReplicatedBank bank, long time, ShardRequest request) {
        return shown(bank.apply(new ShardRequest.Stamped(time, request).encode()));
    }

    private static String read(ReplicatedBank bank, ShardRequest request) {
        return shown(bank.read(Bodies.write(request)));
    }

    private static String shown(String answer) {
        ShardAnswer decoded = ShardAnswer.decode(answer);
        return decoded instanceof ShardAnswer.Given given ? given.status() + " " + given.body()
                : "frozen " + ((ShardAnswer.Frozen) decoded).until();
    }
}
