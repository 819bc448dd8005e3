package org.birthofds.bank.group;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.net.CallFrames;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;
import org.birthofds.bank.replication.Message.InstallSnapshot;
import org.birthofds.bank.replication.Message.RequestVote;
import org.birthofds.bank.replication.Message.SnapshotReceived;
import org.birthofds.bank.replication.Message.TimeoutNow;
import org.birthofds.bank.replication.Message.Vote;

/**
 * Raft messages as one frame of bytes on a peer's stream ({@link Peer}): a kind, then the
 * message's fields in their record's order, numbers as 8 bytes and text as a length and its UTF-8.
 * Nothing to parse, no field names, no escaping of the commands inside: it costs a copy to write
 * and a copy to read, where a JSON record costs a parse. A frame holds all of one batch's messages
 * for one peer, so a batch of writes crosses as one AppendEntries in one frame.
 */
final class Frames {
    private static final byte REQUEST_VOTE = 1;
    private static final byte VOTE = 2;
    private static final byte APPEND_ENTRIES = 3;
    private static final byte APPENDED = 4;
    private static final byte INSTALL_SNAPSHOT = 5;
    private static final byte SNAPSHOT_RECEIVED = 6;
    private static final byte TIMEOUT_NOW = 7;

    private Frames() {
    }

    static byte[] write(List<Message> messages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(messages.size());
            for (Message message : messages) {
                write(message, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array does not fail", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if {@code frame} is not a frame of messages */
    static List<Message> read(byte[] frame) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame))) {
            int count = in.readInt();
            if (count < 0 || count > frame.length) {
                throw new IllegalArgumentException("a frame of " + count + " messages in " + frame.length + " bytes");
            }
            List<Message> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                messages.add(read(in, frame.length));
            }
            return messages;
        } catch (IOException e) {
            throw new IllegalArgumentException("a frame cut short", e);
        }
    }

    private static void write(Message message, DataOutputStream out) throws IOException {
        if (message instanceof RequestVote m) {
            head(out, REQUEST_VOTE, m);
            out.writeLong(m.lastLogIndex());
            out.writeLong(m.lastLogTerm());
            text(out, m.disk());
        } else if (message instanceof Vote m) {
            head(out, VOTE, m);
            out.writeBoolean(m.granted());
            text(out, m.disk());
        } else if (message instanceof AppendEntries m) {
            head(out, APPEND_ENTRIES, m);
            out.writeLong(m.prevIndex());
            out.writeLong(m.prevTerm());
            out.writeInt(m.entries().size());
            for (Entry entry : m.entries()) {
                out.writeLong(entry.term());
                out.writeLong(entry.index());
                text(out, entry.command());
            }
            out.writeLong(m.leaderCommit());
            out.writeLong(m.round());
        } else if (message instanceof Appended m) {
            head(out, APPENDED, m);
            out.writeBoolean(m.success());
            out.writeLong(m.matchIndex());
            out.writeLong(m.round());
            text(out, m.disk());
        } else if (message instanceof InstallSnapshot m) {
            head(out, INSTALL_SNAPSHOT, m);
            out.writeLong(m.lastIndex());
            out.writeLong(m.lastTerm());
            text(out, m.members());
            out.writeLong(m.total());
            out.writeLong(m.offset());
            text(out, m.data());
        } else if (message instanceof SnapshotReceived m) {
            head(out, SNAPSHOT_RECEIVED, m);
            out.writeLong(m.lastIndex());
            out.writeLong(m.received());
            out.writeLong(m.total());
            text(out, m.disk());
        } else if (message instanceof TimeoutNow m) {
            head(out, TIMEOUT_NOW, m);
        } else {
            throw new IllegalStateException("not a message: " + message);
        }
    }

    private static Message read(DataInputStream in, int frameLength) throws IOException {
        byte kind = in.readByte();
        long term = in.readLong();
        String from = text(in);
        String to = text(in);
        return switch (kind) {
            case REQUEST_VOTE -> new RequestVote(term, from, to, in.readLong(), in.readLong(), text(in));
            case VOTE -> new Vote(term, from, to, in.readBoolean(), text(in));
            case APPEND_ENTRIES -> {
                long prevIndex = in.readLong();
                long prevTerm = in.readLong();
                int count = in.readInt();
                if (count < 0 || count > frameLength) {
                    throw new IllegalArgumentException("an AppendEntries of " + count + " entries");
                }
                List<Entry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    entries.add(new Entry(in.readLong(), in.readLong(), text(in)));
                }
                yield new AppendEntries(term, from, to, prevIndex, prevTerm, entries, in.readLong(), in.readLong());
            }
            case APPENDED -> new Appended(term, from, to, in.readBoolean(), in.readLong(), in.readLong(), text(in));
            case INSTALL_SNAPSHOT -> new InstallSnapshot(term, from, to, in.readLong(), in.readLong(), text(in), in.readLong(),
                    in.readLong(), text(in));
            case SNAPSHOT_RECEIVED -> new SnapshotReceived(term, from, to, in.readLong(), in.readLong(), in.readLong(), text(in));
            case TIMEOUT_NOW -> new TimeoutNow(term, from, to);
            default -> throw new IllegalArgumentException("unknown Raft message kind " + kind);
        };
    }

    private static void head(DataOutputStream out, byte kind, Message m) throws IOException {
        out.writeByte(kind);
        out.writeLong(m.term());
        text(out, m.from());
        text(out, m.to());
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        CallFrames.text(out, text);
    }

    private static String text(DataInputStream in) throws IOException {
        return CallFrames.text(in);
    }
}
