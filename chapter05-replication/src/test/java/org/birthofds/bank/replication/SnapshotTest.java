package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.birthofds.bank.replication.Config.SnapshotPolicy;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.InstallSnapshot;
import org.birthofds.bank.replication.Message.SnapshotReceived;
import org.junit.jupiter.api.Test;

/**
 * Log compaction and InstallSnapshot, scripted (see {@link Script}): a leader throws away what its
 * snapshot stands for, so a follower cut off for that long can only catch up from the snapshot,
 * sent in pieces. A snapshot every 4 entries, none kept behind it, 5 characters a piece.
 */
class SnapshotTest {
    private static final Config SMALL = Config.raft().withSnapshots(new SnapshotPolicy(4, 0, 5));
    private static final List<String> WRITES = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");

    @Test
    void a_follower_cut_off_while_the_leader_compacts_catches_up_from_the_snapshot() {
        Script script = new Script(SMALL, Ledger::new, "n1", "n2", "n3");
        // 1. n1 leads with n2; n3 hears nothing while six writes commit and n1 compacts.
        electN1WithN2(script);
        writeWhileN3IsCutOff(script);
        Replica n1 = script.replica("n1");
        assertThat(n1.snapshot().index()).isGreaterThanOrEqualTo(4);
        assertThat(n1.logBase()).isEqualTo(n1.snapshot().index());
        assertThat(script.disk("n1").snapshot()).isEqualTo(n1.snapshot());
        assertThat(script.disk("n1").baseIndex()).isEqualTo(n1.snapshot().index());
        // 2. The network heals: what n3 needs next is gone from n1's log, so n1 sends its snapshot, piece by piece.
        script.tick("n1", SMALL.heartbeatTicks());
        List<Long> offsets = exchange(script, "n1", "n3");
        System.out.println(script.story());
        // 3. n3 holds the state n1 holds, and the log after it, and ends where n1 ends.
        assertThat(offsets).hasSizeGreaterThan(2).isSorted().doesNotHaveDuplicates();
        assertThat(ledger(script, "n3").applied()).isEqualTo(ledger(script, "n1").applied()).isEqualTo(WRITES);
        assertThat(script.replica("n3").status().commitIndex()).isEqualTo(n1.status().commitIndex());
        assertThat(script.disk("n3").snapshot().index()).isGreaterThan(0);
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_transfer_cut_off_goes_on_from_where_it_stopped() {
        Script script = new Script(SMALL, Ledger::new, "n1", "n2", "n3");
        electN1WithN2(script);
        writeWhileN3IsCutOff(script);
        script.tick("n1", SMALL.heartbeatTicks());
        // 1. Two pieces arrive; the third is lost on the way.
        for (int piece = 0; piece < 2; piece++) {
            script.deliver("n1", "n3", InstallSnapshot.class);
            script.deliver("n3", "n1", SnapshotReceived.class);
        }
        InstallSnapshot lost = (InstallSnapshot) script.inFlight("n1", "n3").get(0);
        script.drop("n1", "n3");
        // 2. At the next heartbeat n1 sends the lost piece again, not the first one: the transfer goes on.
        script.tick("n1", SMALL.heartbeatTicks());
        InstallSnapshot again = (InstallSnapshot) script.inFlight("n1", "n3").get(0);
        assertThat(again.offset()).isEqualTo(lost.offset()).isEqualTo(10);
        exchange(script, "n1", "n3");
        System.out.println(script.story());
        assertThat(ledger(script, "n3").applied()).isEqualTo(WRITES);
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_late_snapshot_does_not_cut_off_a_newer_log() {
        Script script = new Script(SMALL, Ledger::new, "n1", "n2", "n3");
        electN1WithN2(script);
        writeWhileN3IsCutOff(script);
        script.tick("n1", SMALL.heartbeatTicks());
        List<InstallSnapshot> pieces = new ArrayList<>();
        while (!script.inFlight("n1", "n3").isEmpty() && script.inFlight("n1", "n3").get(0) instanceof InstallSnapshot) {
            if (pieces.size() == 100) { // a transfer that never ends fails here, and not by filling the heap
                throw new AssertionError("no end to the snapshot's transfer to n3\n" + script.story());
            }
            pieces.add((InstallSnapshot) script.deliver("n1", "n3"));
            script.deliver("n3", "n1");
        }
        // 1. n3 installed the snapshot; two more writes reach it and commit.
        script.propose("n1", "golf");
        script.propose("n1", "hotel");
        exchange(script, "n1", "n2");
        exchange(script, "n1", "n3");
        script.tick("n1", SMALL.heartbeatTicks()); // pipelined, n3 got both before they committed: the next message says so
        exchange(script, "n1", "n3");
        long lastIndex = script.replica("n3").status().lastLogIndex();
        // 2. The snapshot's last piece, held up in the network, arrives again.
        script.duplicate(pieces.get(pieces.size() - 1));
        script.deliver("n1", "n3");
        System.out.println(script.story());
        // 3. n3 says it has it all, and keeps its newer log and state.
        assertThat(script.inFlight("n3", "n1")).singleElement().isInstanceOfSatisfying(SnapshotReceived.class,
                got -> assertThat(got.received()).isEqualTo(got.total()));
        assertThat(script.replica("n3").status().lastLogIndex()).isEqualTo(lastIndex);
        assertThat(ledger(script, "n3").applied()).endsWith("golf", "hotel");
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_replica_restarts_from_its_snapshot_and_the_log_after_it() {
        Script script = new Script(SMALL, Ledger::new, "n1", "n2", "n3");
        electN1WithN2(script);
        writeWhileN3IsCutOff(script);
        Snapshot snapshot = script.replica("n2").snapshot();
        assertThat(snapshot.index()).isGreaterThan(0);
        // 1. n2 crashes and comes back: its state is the snapshot, its commit index the snapshot's, before anyone speaks.
        script.crash("n2");
        script.restart("n2");
        assertThat(script.replica("n2").status().commitIndex()).isEqualTo(snapshot.index());
        assertThat(ledger(script, "n2").snapshot()).isEqualTo(snapshot.state());
        // 2. The leader's next heartbeat brings it up to date.
        script.tick("n1", SMALL.heartbeatTicks());
        exchange(script, "n1", "n2");
        System.out.println(script.story());
        assertThat(ledger(script, "n2").applied()).isEqualTo(WRITES);
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_follower_keeps_the_entries_after_a_snapshot_its_log_agrees_with() {
        // 1. n3 holds entries 1 to 6 from n1, but has not heard that any of them is committed.
        Replica n3 = new Replica("n3", List.of("n1", "n2"), SMALL, Durable.empty(), new Ledger(), new Random(1));
        n3.receive(new AppendEntries(1, "n1", "n3", 0, 0, List.of(new Entry(1, 1, "a"), new Entry(1, 2, "b"),
                new Entry(1, 3, "c"), new Entry(1, 4, "d"), new Entry(1, 5, "e"), new Entry(1, 6, "f")), 0, 0));
        n3.drain();
        // 2. n1's snapshot at 4@1 reaches it whole (a late copy of a transfer, say).
        n3.receive(new InstallSnapshot(1, "n1", "n3", 4, 1, "", 7, 0, "a,b,c,d"));
        List<Effect> batch = n3.drain();
        // 3. Its entry 4 is of term 1: everything up to it is the snapshot, and entries 5 and 6, which it
        //    may have acknowledged, stay (the Raft paper's figure 13, step 6).
        assertThat(batch).anySatisfy(effect -> assertThat(effect).isInstanceOfSatisfying(Effect.Send.class,
                send -> assertThat(send.message()).isEqualTo(new SnapshotReceived(1, "n3", "n1", 4, 7, 7, ""))));
        assertThat(n3.logBase()).isEqualTo(4);
        assertThat(n3.status().lastLogIndex()).isEqualTo(6);
        n3.receive(new AppendEntries(1, "n1", "n3", 6, 1, List.of(), 6, 0));
        n3.drain();
        assertThat(((Ledger) n3.machine).applied()).containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void a_follower_drops_the_entries_after_a_snapshot_its_log_contradicts() {
        // 1. n3 holds entries 1 to 6 from n2, leader of term 1, none of them known committed.
        Replica n3 = new Replica("n3", List.of("n1", "n2"), SMALL, Durable.empty(), new Ledger(), new Random(1));
        n3.receive(new AppendEntries(1, "n2", "n3", 0, 0, List.of(new Entry(1, 1, "a"), new Entry(1, 2, "b"),
                new Entry(1, 3, "c"), new Entry(1, 4, "x"), new Entry(1, 5, "y"), new Entry(1, 6, "z")), 0, 0));
        n3.drain();
        // 2. n1, leader of term 2, sends its snapshot at 4@2: its entry 4 is not n3's.
        n3.receive(new InstallSnapshot(2, "n1", "n3", 4, 2, "", 7, 0, "a,b,c,d"));
        n3.drain();
        // 3. Entries 5 and 6 followed an entry that lost: they go, and the log starts at the snapshot's 4@2.
        assertThat(n3.logBase()).isEqualTo(4);
        assertThat(n3.term(4)).isEqualTo(2);
        assertThat(n3.status().lastLogIndex()).isEqualTo(4);
        assertThat(((Ledger) n3.machine).applied()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void a_follower_a_little_behind_gets_the_entries_kept_behind_the_snapshot_and_not_the_snapshot() {
        // A snapshot every 4 entries, 2 kept behind it.
        Config keeping = Config.raft().withSnapshots(new SnapshotPolicy(4, 2, 5));
        Script script = new Script(keeping, Ledger::new, "n1", "n2", "n3");
        // 1. n1 leads all three; n3 takes the no-op and the first write, then hears nothing more.
        script.timeOut("n1");
        script.deliver("n1", "n2");
        script.deliver("n2", "n1");
        script.deliver("n1", "n3");
        script.deliver("n3", "n1");
        exchange(script, "n1", "n2");
        exchange(script, "n1", "n3");
        script.propose("n1", WRITES.get(0));
        exchange(script, "n1", "n2");
        exchange(script, "n1", "n3");
        assertThat(script.replica("n3").status().lastLogIndex()).isEqualTo(2);
        for (String write : WRITES.subList(1, WRITES.size())) {
            script.propose("n1", write);
            exchange(script, "n1", "n2");
            script.drop("n1", "n3");
        }
        // 2. n1 snapshotted at 4 and kept entries 3 and 4: n3 needs entry 3 next.
        Replica n1 = script.replica("n1");
        assertThat(n1.snapshot().index()).isEqualTo(4);
        assertThat(n1.logBase()).isEqualTo(2);
        // 3. At the next heartbeat n3 gets entries, not the state.
        script.tick("n1", keeping.heartbeatTicks());
        List<Long> pieces = exchange(script, "n1", "n3");
        System.out.println(script.story());
        assertThat(pieces).as("snapshot pieces sent to n3").isEmpty();
        assertThat(ledger(script, "n3").applied()).isEqualTo(WRITES);
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_transfer_under_way_finishes_the_snapshot_it_began_when_the_leader_takes_a_newer_one() {
        Script script = new Script(SMALL, Ledger::new, "n1", "n2", "n3");
        electN1WithN2(script);
        writeWhileN3IsCutOff(script);
        long first = script.replica("n1").snapshot().index();
        script.tick("n1", SMALL.heartbeatTicks());
        // 1. Two pieces of the first snapshot arrive; the third is lost.
        for (int piece = 0; piece < 2; piece++) {
            script.deliver("n1", "n3", InstallSnapshot.class);
            script.deliver("n3", "n1", SnapshotReceived.class);
        }
        script.drop("n1", "n3");
        // 2. Two more writes commit, and n1 snapshots again. The transfer goes on with the snapshot it began, where it
        //    stopped: starting over with each newer one would never end under load, where one comes before the last is across.
        script.propose("n1", "golf");
        exchange(script, "n1", "n2");
        script.propose("n1", "hotel");
        exchange(script, "n1", "n2");
        script.drop("n1", "n3");
        assertThat(script.replica("n1").snapshot().index()).isGreaterThan(first);
        script.tick("n1", SMALL.heartbeatTicks());
        InstallSnapshot next = (InstallSnapshot) script.inFlight("n1", "n3").get(0);
        assertThat(next.lastIndex()).isEqualTo(first);
        assertThat(next.offset()).as("where the lost piece began").isEqualTo(10);
        // 3. Once it holds the first snapshot, n3 is sent what follows it: entries, or the newer snapshot.
        exchange(script, "n1", "n3");
        script.tick("n1", SMALL.heartbeatTicks());
        exchange(script, "n1", "n3");
        System.out.println(script.story());
        assertThat(ledger(script, "n3").applied()).endsWith("golf", "hotel");
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void a_snapshot_from_a_deposed_leader_is_answered_with_the_newer_term_and_not_installed() {
        // n1 is in term 2; n2 led term 1 and does not know it was deposed.
        Replica n1 = new Replica("n1", List.of("n2", "n3"), SMALL, new Durable(2, null, List.of()), new Ledger(),
                new Random(1));
        n1.receive(new InstallSnapshot(1, "n2", "n1", 4, 1, "", 7, 0, "a,b,c,d"));
        List<Effect> batch = n1.drain();
        assertThat(batch).singleElement().isInstanceOfSatisfying(Effect.Send.class,
                send -> assertThat(send.message()).isEqualTo(new SnapshotReceived(2, "n1", "n2", 4, 0, 7, "")));
        assertThat(n1.snapshot()).isEqualTo(Snapshot.NONE);
        assertThat(n1.status().leader()).isNull();
        assertThat(((Ledger) n1.machine).applied()).isEmpty();
    }

    private static void electN1WithN2(Script script) {
        script.timeOut("n1");
        script.drop("n1", "n3");
        script.deliver("n1", "n2");
        script.deliver("n2", "n1");
        exchange(script, "n1", "n2");
    }

    private static void writeWhileN3IsCutOff(Script script) {
        for (String write : WRITES) {
            script.propose("n1", write);
            exchange(script, "n1", "n2");
        }
        script.drop("n1", "n3");
    }

    /** Delivers what the two say to each other until they are quiet; returns the offsets of the snapshot pieces. */
    private static List<Long> exchange(Script script, String leader, String follower) {
        List<Long> offsets = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            boolean quiet = true;
            if (!script.inFlight(leader, follower).isEmpty()) {
                if (script.deliver(leader, follower) instanceof InstallSnapshot piece) {
                    offsets.add(piece.offset());
                }
                quiet = false;
            }
            if (!script.inFlight(follower, leader).isEmpty()) {
                script.deliver(follower, leader);
                quiet = false;
            }
            if (quiet) {
                return offsets;
            }
        }
        throw new AssertionError("no end to the exchange between " + leader + " and " + follower + "\n" + script.story());
    }

    private static Ledger ledger(Script script, String id) {
        return (Ledger) script.machine(id);
    }
}
