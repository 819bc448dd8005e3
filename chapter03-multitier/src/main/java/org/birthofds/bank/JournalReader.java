package org.birthofds.bank;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Replays a journal at start. A bad record at the very end is a torn write: the crash came in
 * the middle of an append whose answer was never sent, so cutting it off loses nothing that
 * was acknowledged. A bad record with more bytes after it is damage, and stops the start. The
 * first record is no command but the {@link JournalMarker}, checked before any command is applied.
 */
final class JournalReader {

    /** Where the good records end, and why the bytes after that (if any) are a torn write. */
    record Replay(long records, long goodEnd, String tornTail) {
    }

    private final Path file;
    private final long size;
    private final DataInputStream in;
    private long offset;

    private JournalReader(Path file, long size, InputStream in) {
        this.file = file;
        this.size = size;
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }

    static Replay replay(Path file, Disk.File disk, Consumer<Command> apply) throws IOException {
        try (InputStream in = disk.read()) {
            return new JournalReader(file, disk.size(), in).replayInto(apply);
        }
    }

    /** What to do with the text of a whole record: check it, or apply it. */
    private interface Reading {
        void read(String text) throws IOException;
    }

    private Replay replayInto(Consumer<Command> apply) throws IOException {
        if (size > 0) {
            String torn = readRecord(text -> JournalMarker.check(file, text));
            if (torn != null) {
                return new Replay(0, 0, torn); // a crash while the journal was being made: nothing was in it yet
            }
        }
        long records = 0;
        while (offset < size) {
            long start = offset;
            String torn = readRecord(text -> applyAt(start, text, apply));
            if (torn != null) {
                return new Replay(records, start, torn);
            }
            records++;
        }
        return new Replay(records, offset, null);
    }

    /** Reads the record at the current offset, or returns why the rest is a torn tail. */
    private String readRecord(Reading reading) throws IOException {
        long start = offset;
        if (size - start < JournalRecord.HEADER) {
            return "an incomplete record header";
        }
        int length = in.readInt();
        int checksum = in.readInt();
        if (length < 1 || length > JournalRecord.MAX_TEXT) {
            if (length == 0 && checksum == 0 && restIsZeros()) {
                return "space the file system had zero-filled";
            }
            throw damaged(start, "a record length of " + length + " is impossible");
        }
        long end = start + JournalRecord.HEADER + length;
        if (end > size) {
            // A damaged length in one of the last records looks just like this (chapter 1, exercise 1.2).
            return "a record cut short";
        }
        byte[] text = in.readNBytes(length);
        offset = end;
        if (JournalRecord.checksum(length, text) != checksum) {
            if (end == size) {
                return "a last record whose checksum does not match";
            }
            throw damaged(start, "the checksum does not match");
        }
        reading.read(new String(text, StandardCharsets.UTF_8));
        return null;
    }

    private void applyAt(long start, String text, Consumer<Command> apply) throws IOException {
        try {
            apply.accept(Command.decode(text));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw damaged(start, "the record '" + text + "' cannot be replayed (" + e.getMessage() + ")");
        }
    }

    private boolean restIsZeros() throws IOException {
        int b;
        while ((b = in.read()) != -1) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Damage; or, in the first record, a sign that this may be no journal at all. */
    private IOException damaged(long start, String problem) {
        return start == 0 ? JournalMarker.unreadable(file, problem) : new JournalDamaged(file, start, problem, size);
    }
}
