package org.birthofds.bank;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private final FileChannel channel;
    private final FileLock lock;
    private final long replayed;
    private IOException broken;

    private Journal(FileChannel channel, FileLock lock, long replayed) {
        this.channel = channel;
        this.lock = lock;
        this.replayed = replayed;
    }

    /** Replays every record into {@code apply}, cuts off a torn tail, and opens for appending. */
    static Journal open(Path dataDir, Consumer<Command> apply) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = lockOrExplain(channel, dataDir);
            if (created) {
                forceDirectory(dataDir); // the new file's name must survive a crash too
            }
            JournalReader.Replay replay = JournalReader.replay(file, apply);
            if (replay.tornTail() != null) {
                cutTornTail(file, channel, replay);
            }
            channel.position(replay.goodEnd());
            log.info("Replayed {} records from {}", replay.records(), file);
            return new Journal(channel, lock, replay.records());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void write(Command command) throws IOException {
        if (broken != null) {
            throw new IOException("the journal failed earlier and takes no more writes: " + broken.getMessage());
        }
        try {
            ByteBuffer record = JournalRecord.frame(command);
            while (record.hasRemaining()) {
                channel.write(record);
            }
            // The answer waits for this: durability is what the client pays for.
            // FAILURE MODE (fixed in chapter 02): one force per write, one write at a time, so the
            // disk's force rate caps the bank however many clients there are.
            channel.force(false);
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
        lock.release();
        channel.close();
    }

    private static FileLock lockOrExplain(FileChannel channel, Path dataDir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException("Another bank is already using " + dataDir.toAbsolutePath()
                    + ": two writers would interleave their records.");
        }
        return lock;
    }

    /** Keeps the torn bytes beside the journal, so that even they are never silently destroyed. */
    private static void cutTornTail(Path file, FileChannel channel, JournalReader.Replay replay) throws IOException {
        long size = channel.size();
        Path kept = file.resolveSibling(FILE_NAME + ".torn-at-" + replay.goodEnd());
        try (FileChannel out = FileChannel.open(kept, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.transferTo(replay.goodEnd(), size - replay.goodEnd(), out);
            out.force(true);
        }
        channel.truncate(replay.goodEnd());
        channel.force(true);
        log.warn("Cut a torn tail off {} at offset {} ({} bytes, {}); kept them in {}", file, replay.goodEnd(),
                size - replay.goodEnd(), replay.tornTail(), kept.getFileName());
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
