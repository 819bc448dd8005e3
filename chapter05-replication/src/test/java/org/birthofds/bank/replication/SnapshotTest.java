package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.replication.Config.SnapshotPolicy;
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
