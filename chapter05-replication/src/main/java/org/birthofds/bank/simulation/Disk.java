package org.birthofds.bank.simulation;

import java.util.Arrays;
import java.util.Random;
import org.birthofds.bank.raftlog.RaftLogFormat;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect.Persist;
import org.birthofds.bank.replication.Snapshot;

/**
 * A node's disk: its journal as bytes, and its snapshot. Written bytes sit in the page cache until
 * forced. A crash keeps the forced bytes and, at best, a prefix of the rest, cut anywhere (a torn
 * write). The bytes are {@link RaftLogFormat}'s, the real journal's too, so recovery keeps the
 * longest prefix of whole, intact records and drops the torn tail: exactly what chapter 1's journal
 * does. A snapshot, and a journal rewritten behind it, each replace a whole file at once (written
 * aside, forced, renamed, the directory forced), so a crash leaves the old file or the new one; but
 * it may fall between the two.
 */
final class Disk {
    private final String name; // drawn when the disk was new, as the real journal's raft.disk
    private byte[] data = new byte[4096];
    private int length;
    private int forced;
    private Snapshot snapshot = Snapshot.NONE;

    Disk(String name) {
        this.name = name;
    }

    void write(Persist persist) {
        byte[] bytes = RaftLogFormat.encode(persist);
        if (length + bytes.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + bytes.length));
        }
        System.arraycopy(bytes, 0, data, length, bytes.length);
        length += bytes.length;
    }

    void force() {
        forced = length;
    }

    /** The snapshot, whole and forced, replacing the one before. */
    void save(Snapshot newer) {
        snapshot = newer;
    }

    /** The journal replaced whole, forced, by the log after the snapshot: the disk's size goes back down. */
    void rewrite(Persist compacted) {
        byte[] bytes = RaftLogFormat.encode(compacted);
        data = Arrays.copyOf(bytes, Math.max(4096, bytes.length));
        length = bytes.length;
        forced = length;
    }

    /** The power goes: unforced bytes are lost, or (torn) a random prefix of them survives. */
    int crash(Random random, boolean torn) {
        int unforced = length - forced;
        int kept = torn && unforced > 0 ? random.nextInt(unforced + 1) : 0;
        length = forced + kept;
        return unforced - kept;
    }

    int unforced() {
        return length - forced;
    }

    /** The journal's size: it must stay bounded however long the run. */
    int bytes() {
        return length;
    }

    /** What survives: the snapshot, and the longest prefix of intact records. The torn tail is cut off for good. */
    Durable recover() {
        RaftLogFormat.Recovered recovered = RaftLogFormat.decode(data, length);
        length = recovered.intact();
        forced = recovered.intact();
        return recovered.durable(snapshot).named(name);
    }
}
