package org.birthofds.bank;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * How one command sits on disk: its length, a checksum, then the command's text.
 *
 * <pre>
 *   [length: 4 bytes][crc32c of length and text: 4 bytes][text: length bytes, UTF-8]
 * </pre>
 *
 * The length tells where the next record starts; the checksum tells whether these bytes are
 * the ones that were written. Together they let recovery tell a torn last write (a crash in
 * the middle of an append) from damage in the middle of the file.
 */
final class JournalRecord {
    static final int HEADER = 8;
    /** Far above the longest command; a larger length can only be damage. */
    static final int MAX_TEXT = 1024;

    private JournalRecord() {
    }

    static ByteBuffer frame(Command command) {
        return frame(Command.encode(command));
    }

    /** Any line of text, framed as a command would be: the journal's marker is one too. */
    static ByteBuffer frame(String line) {
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(HEADER + text.length);
        record.putInt(text.length).putInt(checksum(text.length, text)).put(text);
        return record.flip();
    }

    static int checksum(int length, byte[] text) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(text);
        return (int) crc.getValue();
    }
}
