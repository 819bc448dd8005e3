package org.birthofds.bank.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.raftlog.RaftLogFormat;
import org.birthofds.bank.replication.Config.SnapshotPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine's disk is finite, and a log that only grows fills it: {@link DiskUse}'s measurement as a
 * test, shorter and one request at a time. A replica alone, on the real loop and journal in a real
 * directory, takes 20 snapshot intervals' worth of deposits; after every one, its journal holds at
 * most every + keep entries, and after every write its two files hold no more than the policy's
 * bound ({@link DiskBound}). Red when compaction keeps the log, or when the journal is appended to
 * instead of rewritten.
 */
class DiskUseTest {
    private static final int EVERY = 200;
    private static final int SNAPSHOTS = 20;
    private static final Deposits LOAD = new Deposits(100);

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void a_replica_under_deposits_keeps_at_most_every_plus_keep_entries_and_one_snapshot_on_its_disk(@TempDir Path dir)
            throws Exception {
        // 1. The bound, from the policy alone: one request at a time, so a batch is one entry.
        SnapshotPolicy policy = SnapshotPolicy.of(EVERY);
        long requests = LOAD.accounts() + (long) SNAPSHOTS * EVERY;
        DiskBound bound = DiskBound.of(policy, 1, LOAD, requests);
        assertThat(bound.entries()).isEqualTo(EVERY + policy.keep());
        MeteredDisk disk = new MeteredDisk(dir);
        long most = 0;
        try (ReplicaLoop loop = Deposits.replica(disk, dir, EVERY)) {
            for (long i = 0; i < requests; i++) {
                // 2. One request, answered: its batch, and the compaction it may have set off, are on disk.
                LOAD.send(loop, i, i + 1, 1);
                long held = journalEntries(dir);
                assertThat(held).as("entries in the journal after request %d", i).isLessThanOrEqualTo(bound.entries());
                assertThat(disk.peak()).as("bytes on disk after request %d, at most %s", i, bound)
                        .isLessThanOrEqualTo(bound.total());
                most = Math.max(most, held);
            }
            // 3. Not a bound kept by doing nothing: the journal filled up to it, twenty times compacted.
            assertThat(most).as("most entries the journal held").isGreaterThanOrEqualTo(EVERY);
            assertThat(loop.status().snapshotIndex()).as("the last snapshot")
                    .isGreaterThanOrEqualTo((long) SNAPSHOTS * EVERY);
        }
    }

    private static long journalEntries(Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(dir.resolve(RaftJournal.FILE));
        return RaftLogFormat.decode(bytes, bytes.length).log().size();
    }
}
