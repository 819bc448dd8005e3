package org.birthofds.bank;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage, the fourth workhorse: an append-only file of commands. Memory is fast and forgets;
 * the journal is slow and remembers. Each command is appended and forced to the disk before
 * the bank answers, so an acknowledged write survives {@code kill -9} and a power cut.
 */
final class Journal implements Storage, AutoCloseable {
    static final String FILE_NAME = "journal.log";
    /** Held by the bank that uses the directory, from open to close; see {@link RealDisk#tryLock}. */
    static final String LOCK_FILE = "bank.lock";
    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private final Disk.Lock lock;
    private final Disk.File file;
    private final long replayed;
    private IOException broken;

    private Journal(Disk.Lock lock, Disk.File file, long replayed) {
        this.lock = lock;
        this.file = file;
        this.replayed = replayed;
    }

    /**
     * Refuses a journal that another chapter wrote ({@link JournalMarker}), replays every record
     * into {@code apply}, cuts off a torn tail, and opens for appending.
     */
    static Journal open(Path dataDir, Consumer<Command> apply) throws IOException {
        return open(RealDisk.INSTANCE, dataDir, apply);
    }

    /** The same, on any disk: a test's can cut the power. */
    static Journal open(Disk disk, Path dataDir, Consumer<Command> apply) throws IOException {
        disk.createDirectories(dataDir);
        Disk.Lock lock = lockOrExplain(disk, dataDir); // before a byte of the journal is read
        try {
            return open(disk, dataDir, lock, apply);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Journal open(Disk disk, Path dataDir, Disk.Lock lock, Consumer<Command> apply) throws IOException {
        Path path = dataDir.resolve(FILE_NAME);
        boolean created = !disk.exists(path);
        Disk.File file = disk.open(path);
        try {
            if (created) {
                disk.forceDirectory(dataDir); // the new file's name must survive a crash too
            }
            JournalReader.Replay replay = JournalReader.replay(path, file, apply);
            if (replay.tornTail() != null) {
                cutTornTail(disk, path, file, replay);
            }
            if (replay.goodEnd() == 0) { // a new journal, or one that a crash cut short while it was being made
                file.append(JournalMarker.record());
                file.force();
            }
            log.info("Replayed {} records from {}", replay.records(), path);
            return new Journal(lock, file, replay.records());
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public void write(Command command) throws IOException {
        if (broken != null) {
            throw new IOException("the journal failed earlier and takes no more writes: " + broken.getMessage());
        }
        try {
            long end = file.append(JournalRecord.frame(command));
            Faults.ACTIVE.afterAppend(command, end);
            // The answer waits for this: durability is what the client pays for.
            // FAILURE MODE (fixed in chapter 02): one force per write, one write at a time, so the
            // disk's force rate caps the bank however many clients there are.
            file.force();
            Faults.ACTIVE.afterForce(end);
        } catch (IOException e) {
            // After a failed write or force, what reached the disk is unknown: stop writing.
            broken = e;
            log.error("Journal write failed, refusing further writes: {}", e.toString());
            throw e;
        }
    }

    /** How many records the start replayed: the work a restart must do before it can serve. */
    long replayed() {
        return replayed;
    }

    @Override
    public void close() throws IOException {
        try {
            file.close();
        } finally {
            lock.close(); // last: the next bank may start once this one has let go of the journal
        }
    }

    /**
     * One bank per directory, however many processes try: two writers would interleave their
     * records. The lock is on a file of its own ({@value #LOCK_FILE}), never on the journal,
     * which replay opens a second time: see {@link RealDisk#tryLock}.
     */
    private static Disk.Lock lockOrExplain(Disk disk, Path dataDir) throws IOException {
        Disk.Lock lock = disk.tryLock(dataDir.resolve(LOCK_FILE));
        if (lock == null) {
            throw new IOException("Another bank is already using " + dataDir.toAbsolutePath()
                    + ": it holds " + LOCK_FILE + " there, and two writers would interleave their records."
                    + " Stop that bank first, or start this one on another directory.");
        }
        return lock;
    }

    /** Keeps the torn bytes beside the journal, so that even they are never silently destroyed. */
    private static void cutTornTail(Disk disk, Path path, Disk.File file, JournalReader.Replay replay)
            throws IOException {
        long size = file.size();
        Path kept = path.resolveSibling(FILE_NAME + ".torn-at-" + replay.goodEnd());
        try (Disk.File out = disk.open(kept); InputStream in = file.read()) {
            in.skipNBytes(replay.goodEnd());
            out.truncate(0);
            out.append(ByteBuffer.wrap(in.readAllBytes()));
            out.force();
        }
        file.truncate(replay.goodEnd());
        file.force();
        log.warn("Cut a torn tail off {} at offset {} ({} bytes, {}); kept them in {}", path, replay.goodEnd(),
                size - replay.goodEnd(), replay.tornTail(), kept.getFileName());
    }
}
