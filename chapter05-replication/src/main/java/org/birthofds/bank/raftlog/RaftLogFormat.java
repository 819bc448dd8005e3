package org.birthofds.bank.raftlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect.Persist;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Snapshot;

/**
 * A replica's term, vote and log as bytes: one line per record, its checksum first, like
 * chapter 1's journal. Each {@link Persist} is a hard-state line ({@code H term vote}), a line
 * that cuts the log back to where the change starts ({@code L index}) and the new entries
 * ({@code E index term command}); replaying the lines in order rebuilds the {@link Durable}. A
 * journal rewritten after a snapshot starts with the log's base ({@code B index term}) instead of
 * index 0; the snapshot itself is a file of one line ({@code S index term state}), replaced whole.
 * One format for the simulator's disk and the real journal, so what the simulator proves about
 * torn tails holds for the file too.
 */
public final class RaftLogFormat {
    private RaftLogFormat() {
    }

    /** What survives in some bytes: the longest prefix of whole, intact records, and where it ends. */
    public record Recovered(long term, String votedFor, long baseIndex, long baseTerm, List<Entry> log, int intact) {
        /** With the snapshot beside the journal (see {@link Durable#recover}). */
        public Durable durable(Snapshot snapshot) {
            return Durable.recover(snapshot, term, votedFor, baseIndex, baseTerm, log);
        }
    }

    /** The records to append; with a compaction, the whole new journal, which replaces the old one. */
    public static byte[] encode(Persist persist) {
        StringBuilder out = new StringBuilder();
        line(out, "H " + persist.term() + " " + (persist.votedFor() == null ? "-" : persist.votedFor()));
        if (persist.compaction() != null) {
            line(out, "B " + persist.compaction().baseIndex() + " " + persist.compaction().baseTerm());
        } else {
            line(out, "L " + persist.fromIndex());
        }
        for (Entry entry : persist.entries()) {
            line(out, "E " + entry.index() + " " + entry.term() + " " + entry.command());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Replays the first {@code length} bytes of {@code data}, stopping at the first torn or damaged line. */
    public static Recovered decode(byte[] data, int length) {
        long term = 0;
        String vote = null;
        long base = 0;
        long baseTerm = 0;
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
                case "B" -> {
                    log.clear();
                    base = Long.parseLong(words[1]);
                    baseTerm = Long.parseLong(words[2]);
                }
                case "L" -> log.subList((int) Math.min(log.size(), Long.parseLong(words[1]) - 1 - base), log.size()).clear();
                case "E" -> log.add(new Entry(Long.parseLong(words[2]), Long.parseLong(words[1]), words.length > 3 ? words[3] : ""));
                default -> throw new IllegalStateException("unknown record " + line);
            }
            at = end + 1;
        }
        return new Recovered(term, vote, base, baseTerm, log, at);
    }

    public static byte[] encode(Snapshot snapshot) {
        if (snapshot.state().indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a snapshot's state is one line");
        }
        StringBuilder out = new StringBuilder(snapshot.state().length() + 200);
        line(out, "S " + snapshot.index() + " " + snapshot.term() + " "
                + (snapshot.members() == null ? "-" : snapshot.members().encode()));
        line(out, "D " + snapshot.state());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The snapshot in a file written by {@link #encode(Snapshot)}; null if it is not whole and intact. */
    public static Snapshot decodeSnapshot(byte[] data) {
        String[] lines = new String(data, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 3 || !lines[2].isEmpty() || !intact(lines[0]) || !intact(lines[1])
                || !lines[0].startsWith("S ", 9) || !lines[1].startsWith("D ", 9)) {
            return null;
        }
        String[] words = lines[0].substring(9).split(" ", 4);
        return new Snapshot(Long.parseLong(words[1]), Long.parseLong(words[2]),
                words[3].equals("-") ? null : Members.decode(words[3]), lines[1].substring(11));
    }

    private static boolean intact(String line) {
        return line.length() >= 10 && checksum(line.substring(9)).equals(line.substring(0, 8));
    }

    private static void line(StringBuilder out, String payload) {
        out.append(checksum(payload)).append(' ').append(payload).append('\n');
    }

    private static String checksum(String payload) {
        CRC32 crc = new CRC32();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        String hex = Long.toHexString(crc.getValue()); // not String.format: the simulator writes millions of these
        return "00000000".substring(hex.length()) + hex;
    }
}
