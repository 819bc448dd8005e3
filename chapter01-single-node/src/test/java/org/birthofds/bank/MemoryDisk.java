package org.birthofds.bank;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A disk in memory that remembers which bytes were forced, so that a test can cut the power:
 * {@link #cutPower} keeps exactly the forced bytes of every file whose name was forced (plus,
 * if asked, a torn prefix of the bytes written after them), and every handle opened before the
 * cut fails from then on, like a process on a machine that went dark. The bank then starts
 * again on what is left. A kill -9 cannot test this: the page cache survives a process.
 */
final class MemoryDisk implements Disk {
    private final Map<Path, Content> files = new HashMap<>(); // guarded by this
    private final Set<Path> namesForced = new HashSet<>(); // guarded by this
    private final Map<Path, Lock> locks = new HashMap<>(); // guarded by this; a cut ends them all
    private int generation; // a cut starts a new one; older handles are dead
    private long operations; // appends, forces and truncates since the start
    private long cutAt = Long.MAX_VALUE;
    private Random tearAtCut;
    private Cut lastCut;
    private boolean failNextForce;
    private volatile Runnable afterEachForce = () -> {
    };

    /** What a cut left: where it came, and how many unforced bytes survived torn. */
    record Cut(long atOperation, long tornBytes) {
    }

    private static final class Content {
        byte[] written = new byte[0];
        int length;
        byte[] forced = new byte[0];
    }

    @Override
    public synchronized boolean exists(Path file) {
        return files.containsKey(file);
    }

    @Override
    public void createDirectories(Path dir) {
        // directories are implied by the files in them
    }

    @Override
    public synchronized Disk.File open(Path file) {
        if (!files.containsKey(file)) {
            files.put(file, new Content());
        }
        return new File(file, generation);
    }

    @Override
    public synchronized void forceDirectory(Path dir) throws IOException {
        operation();
        for (Path file : files.keySet()) {
            if (dir.equals(file.getParent())) {
                namesForced.add(file);
            }
        }
    }

    /**
     * Held until closed, or until the power goes: a machine that went dark holds no locks when it
     * comes back. Not a disk operation: a cut never comes while a lock is taken. It makes no file,
     * unlike {@link RealDisk}'s; nothing reads one.
     */
    @Override
    public synchronized Disk.Lock tryLock(Path file) {
        if (locks.containsKey(file)) {
            return null;
        }
        Lock lock = new Lock(file);
        locks.put(file, lock);
        return lock;
    }

    /** Cuts the power at the n-th operation from now (1 = the next), before it happens. */
    synchronized void cutPowerAtOperation(long n, Random tear) {
        cutAt = operations + n;
        tearAtCut = tear;
    }

    synchronized long operations() {
        return operations;
    }

    /** The power goes now, if a cut planned earlier has not come yet. */
    synchronized Cut cutPowerIfStillOn(Random tear) {
        if (lastCut == null || lastCut.atOperation() != cutAt) {
            cutAt = operations;
            cut(tear);
        }
        return lastCut;
    }

    /** The next force fails, as a disk with a bad sector would; the disk works again after it. */
    synchronized void failNextForce() {
        failNextForce = true;
    }

    /** Runs on the forcing thread after each force, outside the disk's lock. */
    void afterEachForce(Runnable hook) {
        afterEachForce = hook;
    }

    /** The bytes the running process would read now, forced or not. */
    synchronized byte[] bytes(Path file) {
        Content c = files.get(file);
        return Arrays.copyOf(c.written, c.length);
    }

    /** Keeps the forced bytes, and a seeded torn prefix of the rest when {@code tear} is given. */
    synchronized void cutPower(Random tear) {
        cutAt = operations;
        cut(tear);
    }

    private void cut(Random tear) {
        long torn = 0;
        generation++;
        locks.clear();
        for (Path file : Set.copyOf(files.keySet())) {
            if (!namesForced.contains(file)) {
                files.remove(file); // a new file whose directory was never forced: its name is gone
                continue;
            }
            Content c = files.get(file);
            byte[] kept = c.forced;
            byte[] now = Arrays.copyOf(c.written, c.length);
            if (tear != null && now.length > kept.length && Arrays.equals(now, 0, kept.length, kept, 0, kept.length)) {
                int extra = tear.nextInt(now.length - kept.length + 1); // a prefix of what was in flight
                kept = Arrays.copyOf(now, kept.length + extra);
                torn += extra;
            }
            Content after = new Content();
            after.written = kept.clone();
            after.length = kept.length;
            after.forced = kept.clone();
            files.put(file, after);
        }
        lastCut = new Cut(cutAt, torn);
    }

    /** Counts one operation, and cuts the power instead if this is the one planned. */
    private void operation() throws IOException {
        operations++;
        if (operations >= cutAt && (lastCut == null || lastCut.atOperation() != cutAt)) {
            cut(tearAtCut);
            throw new IOException("the power went out");
        }
    }

    private final class Lock implements Disk.Lock {
        private final Path file;

        Lock(Path file) {
            this.file = file;
        }

        @Override
        public void close() {
            synchronized (MemoryDisk.this) {
                locks.remove(file, this); // after a cut it is gone already, and the file may be another's
            }
        }
    }

    private final class File implements Disk.File {
        private final Path path;
        private final int born;

        File(Path path, int born) {
            this.path = path;
            this.born = born;
        }

        @Override
        public long size() throws IOException {
            synchronized (MemoryDisk.this) {
                return content().length;
            }
        }

        @Override
        public InputStream read() throws IOException {
            synchronized (MemoryDisk.this) {
                Content c = content();
                return new ByteArrayInputStream(Arrays.copyOf(c.written, c.length));
            }
        }

        @Override
        public long append(ByteBuffer bytes) throws IOException {
            synchronized (MemoryDisk.this) {
                content();
                operation();
                Content c = content();
                int n = bytes.remaining();
                if (c.length + n > c.written.length) {
                    c.written = Arrays.copyOf(c.written, Math.max(2 * c.written.length, c.length + n));
                }
                bytes.get(c.written, c.length, n);
                c.length += n;
                return c.length;
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (MemoryDisk.this) {
                content();
                operation();
                Content c = content();
                c.length = (int) Math.min(c.length, size);
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (MemoryDisk.this) {
                content();
                operation();
                if (failNextForce) {
                    failNextForce = false;
                    throw new IOException("the disk could not write a sector");
                }
                Content c = content();
                c.forced = Arrays.copyOf(c.written, c.length);
            }
            afterEachForce.run();
        }

        @Override
        public void close() {
            // nothing to let go of: a handle holds no lock here
        }

        private Content content() throws IOException {
            if (born != generation) {
                throw new IOException("the power went out");
            }
            return files.get(path);
        }
    }
}
