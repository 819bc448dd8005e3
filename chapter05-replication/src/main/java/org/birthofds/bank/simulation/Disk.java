package org.birthofds.bank.simulation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect.Persist;
import org.birthofds.bank.replication.Entry;

/**
 * A node's disk as bytes: written bytes sit in the page cache until forced. A crash keeps the
 * forced bytes and, at best, a prefix of the rest, cut anywhere (a torn write). Each record is a
 * line with its checksum, so recovery keeps the longest prefix of whole, intact records and drops
 * the torn tail: exactly what chapter 1's journal does.
 */
final class Disk {
    private byte[] data = new byte[4096];
    private int length;
    private int forced;

    void write(Persist persist) {
        StringBuilder out = new StringBuilder();
        line(out, "H " + persist.term() + " " + (persist.votedFor() == null ? "-" : persist.votedFor()));
        line(out, "L " + persist.fromIndex());
        for (Entry entry : persist.entries()) {
            line(out, "E " + entry.index() + " " + entry.term() + " " + entry.command());
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        if (length + bytes.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + bytes.length));
        }
        System.arraycopy(bytes, 0, data, length, bytes.length);
        length += bytes.length;
    }

    void force() {
        forced = length;
    }

    /** The power goes: unforced bytes are lost, or (torn) a random prefix of them survives. */
    int crash(Random random, boolean torn) {
        int unforced = length - forced;
        int kept = torn && unforced > 0 ? random.nextInt(unforced + 1) : 0;
        length = forced + kept;
        return unforced - kept;
    }

    int unforced() {
        return length - forced;
    }

    /** What survives: the longest prefix of intact records. The torn tail is cut off for good. */
    Durable recover() {
        long term = 0;
        String vote = null;
        List<Entry> log = new ArrayList<>();
        int at = 0;
        while (at < length) {
            int end = at;
            while (end < length && data[end] != '\n') {
                end++;
            }
            if (end == length) {
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
        length = at;
        forced = at;
        return new Durable(term, vote, log);
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
