package org.birthofds.bank.group;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect.Persist;
import org.birthofds.bank.replication.Entry;

/**
 * A replica's term, vote and log on a real disk: part 1's simulated disk format (one line per
 * record, its checksum first), appended and forced with fsync. Each {@link Persist} appends a
 * hard-state line, a line that cuts the log back to where the change starts, and the new entries;
 * replaying the file in order rebuilds the {@link Durable}. A crash mid-write leaves a torn last
 * line, which recovery cuts off: it was never forced, so nothing was acknowledged on it.
 */
final class RaftJournal implements AutoCloseable {
    static final String FILE = "raft.journal";

    private final FileChannel channel;
    private final Durable restored;

    private RaftJournal(FileChannel channel, Durable restored) {
        this.channel = channel;
        this.restored = restored;
    }

    /** Opens (or creates) the journal in {@code dir}, replays it, and drops a torn tail for good. */
    static RaftJournal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        Replay replay = replay(bytes);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(replay.intact());
        channel.position(replay.intact());
        channel.force(true);
        return new RaftJournal(channel, replay.durable());
    }

    Durable restored() {
        return restored;
    }

    /** Appends the change and forces it: when this returns, a crash cannot take it back. */
    void write(Persist persist) throws IOException {
        StringBuilder out = new StringBuilder();
        line(out, "H " + persist.term() + " " + (persist.votedFor() == null ? "-" : persist.votedFor()));
        line(out, "L " + persist.fromIndex());
        for (Entry entry : persist.entries()) {
            line(out, "E " + entry.index() + " " + entry.term() + " " + entry.command());
        }
        ByteBuffer buffer = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false); // fdatasync: the bytes, and the length it takes to read them back
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    record Replay(Durable durable, int intact) {
    }

    /** The longest prefix of whole, intact records, and where it ends. */
    static Replay replay(byte[] data) {
        long term = 0;
        String vote = null;
        List<Entry> log = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            int end = at;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            if (end == data.length) {
                break; // no newline: torn
            }
            String line = new String(data, at, end - at, StandardCharsets.UTF_8);
            if (line.length() < 10 || !checksum(line.substring(9)).equals(line.substring(0, 8))) {
                break;
            }
            String[] words = line.substring(9).split(" ", 4);
            switch (words[0]) {
                case "H" -> {
                    term = Long.parseLong(words[1]);
                    vote = words[2].equals("-") ? null : words[2];
                }
                case "L" -> log.subList((int) Math.min(log.size(), Long.parseLong(words[1]) - 1), log.size()).clear();
                case "E" -> log.add(new Entry(Long.parseLong(words[2]), Long.parseLong(words[1]), words.length > 3 ? words[3] : ""));
                default -> throw new IllegalStateException("unknown record " + line);
            }
            at = end + 1;
        }
        return new Replay(new Durable(term, vote, log), at);
    }

    private static void line(StringBuilder out, String payload) {
        out.append(checksum(payload)).append(' ').append(payload).append('\n');
    }

    private static String checksum(String payload) {
        CRC32 crc = new CRC32();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
