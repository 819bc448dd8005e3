package org.birthofds.bank;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The machine's own disk, through a {@link FileChannel}: force is fsync. */
final class RealDisk implements Disk {
    static final RealDisk INSTANCE = new RealDisk();
    /** The lock files this JVM holds a lock on, by their real directory and name. */
    private static final Set<Path> LOCKED = ConcurrentHashMap.newKeySet();

    private RealDisk() {
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public Disk.File open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new File(file, channel);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /**
     * A lock on a file of its own, held on one handle that stays open until the lock is closed.
     *
     * <p>Why a file of its own: on Linux and macOS the lock is a POSIX record lock, and such a
     * lock belongs to the process and the file, not to the handle it was taken through. Closing
     * ANY handle of that file in the process drops every lock the process holds on it, silently.
     * Locking the journal itself did not hold: replay reads the journal through a second handle
     * and closes it, and from then on a bank in another process started on the same directory
     * and appended to the same journal. A file that nothing else opens has no other handle to
     * close. Inside one JVM the JVM's own table of locks still refused a second lock, which is
     * why a test inside one JVM never saw it.
     *
     * <p>For the same reason a second try in this JVM must not open the file at all: it would
     * fail, close its handle, and so drop the lock the first try holds. {@link #LOCKED} answers
     * it first. The lock file is never deleted: were a bank that stops to delete it just as
     * another opens it, that one would lock a file without a name, and a third would lock a new
     * file of that name: two banks again.
     *
     * <p>The operating system ends the lock with the process, however the process ends: a bank
     * killed with kill -9 leaves no stale lock behind.
     */
    @Override
    public Disk.Lock tryLock(Path file) throws IOException {
        Path name = file.toAbsolutePath();
        Path key = name.getParent().toRealPath().resolve(name.getFileName());
        if (!LOCKED.add(key)) {
            return null; // this JVM holds it
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Held(key, channel);
            }
            channel.close(); // another process holds it; this one held nothing on the file to drop
            LOCKED.remove(key);
            return null;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            LOCKED.remove(key);
            throw e;
        }
    }

    /** The one handle of a lock file, open while the lock is held. */
    private static final class Held implements Disk.Lock {
        private final Path key;
        private final FileChannel channel;

        Held(Path key, FileChannel channel) {
            this.key = key;
            this.channel = channel;
        }

        @Override
        public synchronized void close() throws IOException {
            if (!channel.isOpen()) {
                return; // closed already: the key may be another lock's by now
            }
            try {
                channel.close(); // and with it the lock
            } finally {
                LOCKED.remove(key);
            }
        }
    }

    private static final class File implements Disk.File {
        private final Path path;
        private final FileChannel channel;
        private long end;

        File(Path path, FileChannel channel) throws IOException {
            this.path = path;
            this.channel = channel;
            this.end = channel.size();
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public InputStream read() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public long append(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                end += channel.write(bytes, end);
            }
            return end;
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
            end = Math.min(end, size);
        }

        @Override
        public void force() throws IOException {
            channel.force(false); // fdatasync: the bytes, and the length it takes to read them back
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
