package org.birthofds.bank;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The few things the journal asks of a disk. Storage is the fourth workhorse, and durability is
 * what a client pays for: this is the line between "written" and "forced". The bank runs on
 * {@link RealDisk}; a test can run it on a disk that forgets, at a power cut, all it was not
 * forced to keep.
 */
interface Disk {

    boolean exists(Path file);

    void createDirectories(Path dir) throws IOException;

    /** Opens the file for reading and appending, creating it if it is missing. */
    File open(Path file) throws IOException;

    /** A new file's name is kept only once its directory is forced too. */
    void forceDirectory(Path dir) throws IOException;

    /**
     * Locks {@code file}, creating it if it is missing, until the lock is closed or the process
     * ends, by a kill -9 too. The file holds nothing: the lock is all it is for, and nothing else
     * may open it (see {@link RealDisk#tryLock} for why).
     *
     * @return the lock, or null when another process, or another lock in this one, holds it
     */
    Lock tryLock(Path file) throws IOException;

    /** A lock {@link #tryLock} took; closing it lets the next one have it. */
    interface Lock extends Closeable {
    }

    /** One open file. Bytes appended are only written: a power cut keeps only those forced. */
    interface File extends Closeable {

        long size() throws IOException;

        /** Reads from the start; closing the stream leaves the file open. */
        InputStream read() throws IOException;

        /** Writes every byte at the end, and returns the new end. */
        long append(ByteBuffer bytes) throws IOException;

        void truncate(long size) throws IOException;

        /** Returns once every byte written so far would survive a power cut. */
        void force() throws IOException;
    }
}
