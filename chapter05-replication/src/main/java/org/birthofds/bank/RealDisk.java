package org.birthofds.bank;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The machine's own disk, through a {@link FileChannel}: force is fsync. */
public final class RealDisk implements Disk {
    public static final RealDisk INSTANCE = new RealDisk();

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

    @Override
    public void replace(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static final class File implements Disk.File {
        private final Path path;
        private final FileChannel channel;
        private long end;
        private FileLock lock;

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
        public boolean tryLock() throws IOException {
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            return lock != null;
        }

        @Override
        public void close() throws IOException {
            if (lock != null) {
                lock.release();
            }
            channel.close();
        }
    }
}
