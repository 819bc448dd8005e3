package org.birthofds.bank.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A snapshot and a journal read back together after a crash (see {@link Durable#recover}): the
 * crash may fall after the new snapshot was written and before the journal behind it was, and a
 * follower's journal may hold entries its leader's snapshot contradicts.
 */
class DurableRecoverTest {
    private static final List<Entry> JOURNAL = List.of(e(1, 1), e(2, 1), e(3, 2), e(4, 2), e(5, 2));

    @Test
    void a_journal_that_agrees_with_a_newer_snapshot_keeps_its_entries_after_it() {
        Durable durable = Durable.recover(new Snapshot(3, 2, null, "state at 3"), 2, "n1", 0, 0, JOURNAL);
        assertThat(durable.snapshot().index()).isEqualTo(3);
        assertThat(durable.lastIndex()).isEqualTo(5);
        assertThat(durable.log()).isEqualTo(JOURNAL);
    }

    @Test
    void a_journal_that_holds_another_entry_where_the_snapshot_ends_is_replaced_by_it() {
        Durable durable = Durable.recover(new Snapshot(3, 3, null, "the leader's state at 3"), 3, null, 0, 0, JOURNAL);
        assertThat(durable.baseIndex()).isEqualTo(3);
        assertThat(durable.baseTerm()).isEqualTo(3);
        assertThat(durable.log()).isEmpty();
        assertThat(durable.lastIndex()).isEqualTo(3);
    }

    @Test
    void a_journal_that_never_reached_the_snapshot_is_replaced_by_it() {
        Durable durable = Durable.recover(new Snapshot(9, 2, null, "state at 9"), 2, null, 0, 0, JOURNAL);
        assertThat(durable.log()).isEmpty();
        assertThat(durable.lastIndex()).isEqualTo(9);
    }

    @Test
    void a_journal_compacted_past_its_snapshot_is_not_trusted() {
        assertThatThrownBy(() -> Durable.recover(Snapshot.NONE, 2, null, 3, 2, List.of(e(4, 2))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("compacted");
    }

    private static Entry e(long index, long term) {
        return new Entry(term, index, "c" + index);
    }
}
