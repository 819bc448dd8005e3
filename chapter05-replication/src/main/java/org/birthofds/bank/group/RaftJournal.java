package org.birthofds.bank.group;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.birthofds.bank.Disk;
import org.birthofds.bank.RealDisk;
import org.birthofds.bank.raftlog.RaftLogFormat;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect.Persist;
import org.birthofds.bank.replication.Snapshot;

/**
 * A replica's term, vote and log on a disk, in the simulator's {@link RaftLogFormat}, appended and
 * forced; replaying the file in order rebuilds the {@link Durable}. It goes through chapter 1's
 * {@link Disk}, as the bank's journal does, so a test can cut the power under it and keep only
 * what was forced. A crash mid-write leaves a torn last line, which recovery cuts off: it was
 * never forced, so nothing was acknowledged on it.
 *
 * <p>A compaction replaces both files whole, each written aside, forced, renamed over the old one,
 * and the directory forced: first the snapshot, then the journal with only the log after it. A
 * crash between the two leaves a new snapshot beside the old journal, which recovery reconciles
 * ({@link Durable#recover}); so the files hold the log since the last snapshot, however long the
 * bank runs.
 *
 * <p>Before anything else, a new disk draws a name ({@value #NAME}), which its replica's votes and
 * acknowledgements carry: a directory thrown away and started again under the same replica id has
 * a new name, and its group refuses it until it is added again as a new member.
 *
 * <p>One replica per directory: from open to close the journal holds a lock on {@value #LOCK},
 * a file nothing else opens, as the bank's journal does (see {@link RealDisk#tryLock} for why
 * not on the journal itself). Two replicas on one disk would write over each other's term, vote
 * and log, and the group would count one disk as two.
 */
final class RaftJournal implements AutoCloseable {
    static final String FILE = "raft.journal";
    static final String SNAPSHOT = "raft.snapshot";
    static final String NAME = "raft.disk";
    static final String LOCK = "replica.lock";
    private static final String NAME_LINE = "a chapter 5 replica's disk, named ";

    private final Disk disk;
    private final Path dir;
    private final Disk.Lock lock; // null: memory only
    private Disk.File file; // null: memory only
    private final Durable restored;
    private final AtomicLong forced = new AtomicLong();

    private RaftJournal(Disk disk, Path dir, Disk.Lock lock, Disk.File file, Durable restored) {
        this.disk = disk;
        this.dir = dir;
        this.lock = lock;
        this.file = file;
        this.restored = restored;
    }

    static RaftJournal open(Path dir) throws IOException {
        return open(RealDisk.INSTANCE, dir);
    }

    /** Opens (or creates) the journal in {@code dir}, replays it, and drops a torn tail for good. */
    static RaftJournal open(Disk disk, Path dir) throws IOException {
        disk.createDirectories(dir);
        Disk.Lock lock = lockOrExplain(disk, dir); // before a name is drawn or a byte is read
        try {
            return open(disk, dir, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static RaftJournal open(Disk disk, Path dir, Disk.Lock lock) throws IOException {
        String name = name(disk, dir);
        Path path = dir.resolve(FILE);
        boolean created = !disk.exists(path);
        Disk.File file = disk.open(path);
        try {
            if (created) {
                disk.forceDirectory(dir); // the new file's name must survive a power cut too
            }
            byte[] bytes;
            try (InputStream in = file.read()) {
                bytes = in.readAllBytes();
            }
            RaftLogFormat.Recovered replay = RaftLogFormat.decode(bytes, bytes.length);
            if (replay.intact() < bytes.length) {
                file.truncate(replay.intact());
                file.force();
            }
            return new RaftJournal(disk, dir, lock, file, replay.durable(snapshot(disk, dir)).named(name));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * A journal that writes nothing: a restart forgets every term, vote and entry. Safe only for a
     * group of one that is never restarted, such as the tests' front door; a replica of a real group
     * that forgot its vote could vote twice in one term, and elect two leaders.
     */
    static RaftJournal inMemory() {
        return new RaftJournal(null, null, null, null, Durable.empty());
    }

    /** The name of the disk in {@code dir}, or null if it has none: never set up, or thrown away. */
    static String nameIn(Path dir) throws IOException {
        Path path = dir.resolve(NAME);
        if (!RealDisk.INSTANCE.exists(path)) {
            return null;
        }
        return name(RealDisk.INSTANCE, dir);
    }

    /** Names a new machine's disk in {@code dir} (or reads the name it has): as an operator founding a group does. */
    static String setUp(Path dir) throws IOException {
        RealDisk.INSTANCE.createDirectories(dir);
        return name(RealDisk.INSTANCE, dir);
    }

    /** The disk's name, drawn and forced the first time, before any journal: a disk with a journal always has one. */
    private static String name(Disk disk, Path dir) throws IOException {
        Path path = dir.resolve(NAME);
        if (disk.exists(path)) {
            try (Disk.File file = disk.open(path); InputStream in = file.read()) {
                String line = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!line.startsWith(NAME_LINE)) {
                    throw new IOException(path + " is not a replica's disk name: " + line);
                }
                return line.substring(NAME_LINE.length());
            }
        }
        byte[] drawn = new byte[6];
        new SecureRandom().nextBytes(drawn);
        String name = HexFormat.of().formatHex(drawn);
        replaceWhole(disk, dir, NAME, (NAME_LINE + name + "\n").getBytes(StandardCharsets.UTF_8));
        return name;
    }

    /** The snapshot on disk, or none; one that is not whole was never renamed into place, so it is damage. */
    private static Snapshot snapshot(Disk disk, Path dir) throws IOException {
        Path path = dir.resolve(SNAPSHOT);
        if (!disk.exists(path)) {
            return Snapshot.NONE;
        }
        try (Disk.File snapshot = disk.open(path); InputStream in = snapshot.read()) {
            Snapshot read = RaftLogFormat.decodeSnapshot(in.readAllBytes());
            if (read == null) {
                throw new IOException(path + " is damaged");
            }
            return read;
        }
    }

    Durable restored() {
        return restored;
    }

    /** How many batches were forced since it opened: one fsync each, so that a benchmark can count them per write. */
    long forced() {
        return forced.get();
    }

    /** Appends the change and forces it: when this returns, a crash cannot take it back. */
    void write(Persist persist) throws IOException {
        if (file == null) {
            return;
        }
        forced.incrementAndGet();
        if (persist.compaction() != null) {
            replaceWhole(disk, dir, SNAPSHOT, RaftLogFormat.encode(persist.compaction().snapshot()));
            replaceWhole(disk, dir, FILE, RaftLogFormat.encode(persist)); // the log after the snapshot, and nothing before it
            Disk.File old = file;
            file = disk.open(dir.resolve(FILE));
            old.close();
            return;
        }
        file.append(ByteBuffer.wrap(RaftLogFormat.encode(persist)));
        HeldWrite.ACTIVE.afterWrite(persist);
        file.force(); // fdatasync: the bytes, and the length it takes to read them back
        HeldWrite.ACTIVE.afterForce(persist);
    }

    /** Written aside, forced, renamed over the old file, the directory forced: the old file or the new, never half. */
    private static void replaceWhole(Disk disk, Path dir, String name, byte[] bytes) throws IOException {
        Path aside = dir.resolve(name + ".new");
        try (Disk.File out = disk.open(aside)) {
            out.truncate(0); // what a crash left here last time
            out.append(ByteBuffer.wrap(bytes));
            out.force();
        }
        disk.replace(aside, dir.resolve(name));
        disk.forceDirectory(dir);
    }

    private static Disk.Lock lockOrExplain(Disk disk, Path dir) throws IOException {
        Disk.Lock lock = disk.tryLock(dir.resolve(LOCK));
        if (lock == null) {
            throw new IOException("Another replica is already using " + dir.toAbsolutePath() + ": it holds " + LOCK
                    + " there, and two replicas on one disk would write over each other's term, vote and log."
                    + " Stop that replica first, or start this one on another directory.");
        }
        return lock;
    }

    @Override
    public void close() throws IOException {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } finally {
            lock.close(); // last: the next replica may start once this one has let go of its files
        }
    }
}
