package org.birthofds.bank.group;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.birthofds.bank.Disk;
import org.birthofds.bank.RealDisk;

/**
 * The machine's disk, watched: after every write, what a replica's two files in {@code dir} hold
 * together, and the most they have held. A look between writes would miss the journal at its
 * longest, just before a compaction rewrites it; a disk fills at its peak, not on average.
 * The copies written aside during a compaction are not counted: each lives for one rename.
 */
final class MeteredDisk implements Disk {
    private final Disk disk = RealDisk.INSTANCE;
    private final Path dir;
    private final AtomicLong peak = new AtomicLong();

    MeteredDisk(Path dir) {
        this.dir = dir;
    }

    /** The most raft.journal and raft.snapshot held together, after any write so far. */
    long peak() {
        return peak.get();
    }

    long journalBytes() throws IOException {
        return bytes(RaftJournal.FILE);
    }

    long snapshotBytes() throws IOException {
        return bytes(RaftJournal.SNAPSHOT);
    }

    private long bytes(String name) throws IOException {
        Path path = dir.resolve(name);
        return Files.exists(path) ? Files.size(path) : 0; // each is only ever renamed over, never deleted
    }

    private void measure() throws IOException {
        long now = journalBytes() + snapshotBytes();
        peak.accumulateAndGet(now, Math::max);
    }

    @Override
    public boolean exists(Path file) {
        return disk.exists(file);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        disk.createDirectories(directory);
    }

    @Override
    public Disk.File open(Path file) throws IOException {
        return new File(disk.open(file));
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
        disk.forceDirectory(directory);
    }

    @Override
    public void replace(Path from, Path to) throws IOException {
        disk.replace(from, to);
        measure();
    }

    @Override
    public Disk.Lock tryLock(Path file) throws IOException {
        return disk.tryLock(file);
    }

    private final class File implements Disk.File {
        private final Disk.File file;

        File(Disk.File file) {
            this.file = file;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public InputStream read() throws IOException {
            return file.read();
        }

        @Override
        public long append(ByteBuffer bytes) throws IOException {
            long end = file.append(bytes);
            measure();
            return end;
        }

        @Override
        public void truncate(long size) throws IOException {
            file.truncate(size);
            measure();
        }

        @Override
        public void force() throws IOException {
            file.force();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
