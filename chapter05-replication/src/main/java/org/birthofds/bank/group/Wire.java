package org.birthofds.bank.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;
import org.birthofds.bank.replication.Message.InstallSnapshot;
import org.birthofds.bank.replication.Message.SnapshotReceived;
import org.birthofds.bank.replication.Message.TimeoutNow;
import org.birthofds.bank.replication.Message.RequestVote;
import org.birthofds.bank.replication.Message.Vote;

/**
 * A Raft message as one JSON record (POST /raft, for tools and tests; peers stream {@link Frames}):
 * the replica's own message records, flattened into one shape with its kind named, so the
 * receiving side rebuilds exactly the record the sender's replica put in its outbox. Fields a
 * kind does not use stay zero.
 */
record Wire(String kind, long term, String from, String to, long lastLogIndex, long lastLogTerm, boolean granted,
            long prevIndex, long prevTerm, List<Slot> entries, long leaderCommit, long round, boolean success,
            long matchIndex, long total, long offset, String data, String members, String disk) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A log entry on the wire. */
    record Slot(long term, long index, String command) {
    }

    static String write(Message message) {
        Wire wire;
        if (message instanceof RequestVote m) {
            wire = new Wire("RequestVote", m.term(), m.from(), m.to(), m.lastLogIndex(), m.lastLogTerm(), false, 0, 0,
                    List.of(), 0, 0, false, 0, 0, 0, null, null, m.disk());
        } else if (message instanceof Vote m) {
            wire = new Wire("Vote", m.term(), m.from(), m.to(), 0, 0, m.granted(), 0, 0, List.of(), 0, 0, false, 0, 0, 0,
                    null, null, m.disk());
        } else if (message instanceof AppendEntries m) {
            wire = new Wire("AppendEntries", m.term(), m.from(), m.to(), 0, 0, false, m.prevIndex(), m.prevTerm(),
                    m.entries().stream().map(e -> new Slot(e.term(), e.index(), e.command())).toList(), m.leaderCommit(),
                    m.round(), false, 0, 0, 0, null, null, null);
        } else if (message instanceof Appended m) {
            wire = new Wire("Appended", m.term(), m.from(), m.to(), 0, 0, false, 0, 0, List.of(), 0, m.round(), m.success(),
                    m.matchIndex(), 0, 0, null, null, m.disk());
        } else if (message instanceof InstallSnapshot m) {
            wire = new Wire("InstallSnapshot", m.term(), m.from(), m.to(), m.lastIndex(), m.lastTerm(), false, 0, 0,
                    List.of(), 0, 0, false, 0, m.total(), m.offset(), m.data(), m.members(), null);
        } else if (message instanceof SnapshotReceived m) {
            wire = new Wire("SnapshotReceived", m.term(), m.from(), m.to(), m.lastIndex(), 0, false, 0, 0, List.of(), 0,
                    0, false, m.received(), m.total(), 0, null, null, m.disk());
        } else if (message instanceof TimeoutNow m) {
            wire = new Wire("TimeoutNow", m.term(), m.from(), m.to(), 0, 0, false, 0, 0, List.of(), 0, 0, false, 0, 0, 0,
                    null, null, null);
        } else {
            throw new IllegalStateException("not a message: " + message);
        }
        try {
            return JSON.writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a message: " + message, e);
        }
    }

    /** @throws IllegalArgumentException if {@code json} is not a message */
    static Message read(String json) {
        Wire w;
        try {
            w = JSON.readValue(json, Wire.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Raft message", e);
        }
        if (w.kind() == null || w.from() == null || w.to() == null) {
            throw new IllegalArgumentException("a Raft message needs its kind, sender and receiver");
        }
        String disk = w.disk() == null ? "" : w.disk();
        return switch (w.kind()) {
            case "RequestVote" -> new RequestVote(w.term(), w.from(), w.to(), w.lastLogIndex(), w.lastLogTerm(), disk);
            case "Vote" -> new Vote(w.term(), w.from(), w.to(), w.granted(), disk);
            case "AppendEntries" -> new AppendEntries(w.term(), w.from(), w.to(), w.prevIndex(), w.prevTerm(),
                    w.entries() == null ? List.of() : w.entries().stream().map(s -> new Entry(s.term(), s.index(), s.command())).toList(),
                    w.leaderCommit(), w.round());
            case "Appended" -> new Appended(w.term(), w.from(), w.to(), w.success(), w.matchIndex(), w.round(), disk);
            case "InstallSnapshot" -> new InstallSnapshot(w.term(), w.from(), w.to(), w.lastLogIndex(), w.lastLogTerm(),
                    w.members() == null ? "" : w.members(), w.total(), w.offset(), w.data() == null ? "" : w.data());
            case "TimeoutNow" -> new TimeoutNow(w.term(), w.from(), w.to());
            case "SnapshotReceived" -> new SnapshotReceived(w.term(), w.from(), w.to(), w.lastLogIndex(), w.matchIndex(),
                    w.total(), disk);
            default -> throw new IllegalArgumentException("unknown Raft message " + w.kind());
        };
    }
}
