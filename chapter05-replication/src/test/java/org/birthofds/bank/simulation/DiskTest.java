package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect.Persist;
import org.birthofds.bank.replication.Entry;
import org.junit.jupiter.api.Test;

/** The simulated disk keeps what was forced, and recovery never trusts a torn record. */
class DiskTest {
    @Test
    void a_crash_keeps_forced_records_and_recovery_drops_a_torn_tail_wherever_it_is_cut() {
        for (int seed = 0; seed < 200; seed++) {
            // 1. Two entries forced; then a write that truncates and replaces the second, never forced.
            Disk disk = new Disk("d1");
            disk.write(new Persist(1, "n1", 1, List.of(new Entry(1, 1, "c1#1 deposit a 5"), new Entry(1, 2, "c1#2 deposit a 6"))));
            disk.force();
            disk.write(new Persist(2, null, 2, List.of(new Entry(2, 2, "c2#1 withdraw a 3"), new Entry(2, 3, ""))));
            // 2. The power goes, the unforced tail cut at a random byte.
            disk.crash(new Random(seed), true);
            Durable durable = disk.recover();
            // 3. Entry 1 always survives; what follows is one of the whole states, never a torn one.
            assertThat(durable.log()).isNotEmpty();
            assertThat(durable.log().get(0)).isEqualTo(new Entry(1, 1, "c1#1 deposit a 5"));
            assertThat(durable.log().size()).isBetween(1, 3);
            durable.log().forEach(entry -> assertThat(entry.command()).matches("|c\\d#\\d (deposit|withdraw) a \\d"));
        }
    }

    @Test
    void recovery_replays_truncations_and_the_last_term_and_vote() {
        // 1. Entries 1-3 in term 1, then the suffix from 2 replaced in term 3, with a vote.
        Disk disk = new Disk("d1");
        disk.write(new Persist(1, null, 1, List.of(new Entry(1, 1, "a"), new Entry(1, 2, "b"), new Entry(1, 3, "c"))));
        disk.write(new Persist(3, "n2", 2, List.of(new Entry(3, 2, "d"))));
        disk.force();
        disk.crash(new Random(1), false);
        // 2. The log is what the replica last had, and the term and vote come back with it.
        Durable durable = disk.recover();
        assertThat(durable.term()).isEqualTo(3);
        assertThat(durable.votedFor()).isEqualTo("n2");
        assertThat(durable.log()).containsExactly(new Entry(1, 1, "a"), new Entry(3, 2, "d"));
    }
}
