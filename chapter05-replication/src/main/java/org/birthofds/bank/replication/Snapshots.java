package org.birthofds.bank.replication;

import java.util.HashMap;
import java.util.Map;
import org.birthofds.bank.replication.Config.SnapshotPolicy;
import org.birthofds.bank.replication.Message.InstallSnapshot;
import org.birthofds.bank.replication.Message.SnapshotReceived;

/**
 * Log compaction (the Raft paper, section 7): a log that only grows is a disk that fills and a
 * restart that replays the bank's whole history. So every so many entries a replica writes down its
 * state machine as it stands (a snapshot), and throws away the entries the snapshot stands in for.
 * A follower that needs entries its leader has thrown away (a new machine, one long cut off) is
 * sent the snapshot instead, in pieces, and replaces its state with it (InstallSnapshot).
 */
final class Snapshots {
    private final Replica replica;
    private Snapshot latest;
    private boolean unsaved;

    // A follower's snapshot on its way in: from whom it is the latest, and how much has come.
    private long receivingIndex = -1;
    private long receivingTerm;
    private StringBuilder receiving;

    // The leader's transfers: how much of which snapshot each follower holds, and if a piece is out.
    private final Map<String, Progress> sending = new HashMap<>();

    private static final class Progress {
        Snapshot snapshot; // the one this transfer sends to the end, even if a newer one is taken meanwhile
        long offset;
        boolean inFlight;
    }

    Snapshots(Replica replica, Snapshot restored) {
        this.replica = replica;
        this.latest = restored;
    }

    Snapshot latest() {
        return latest;
    }

    /** A snapshot taken or installed since the last drain: the disk must start over from it. */
    boolean unsaved() {
        return unsaved;
    }

    void saved() {
        unsaved = false;
    }

    /** The disk starts over from the latest snapshot at the next drain, as after taking it. */
    void rewriteJournal() {
        unsaved = true;
    }

    /** After entries were applied: a snapshot once enough of them have been since the last one. */
    void maybeTake() {
        SnapshotPolicy policy = replica.config.snapshots();
        long applied = replica.lastApplied;
        if (policy.every() == 0 || applied - latest.index() < policy.every()) {
            return;
        }
        latest = new Snapshot(applied, replica.log.term(applied), replica.membership.at(applied), replica.machine.snapshot());
        unsaved = true;
        compactBehind();
    }

    /** Throws away the log behind the snapshot, but the last few: a follower a little behind gets those, not the state. */
    void compactBehind() {
        long keepFrom = latest.index() - replica.config.snapshots().keep();
        if (keepFrom > replica.log.baseIndex()) {
            replica.log.compact(keepFrom);
            unsaved = true;
        }
    }

    /**
     * The leader sends {@code peer}, whose next entry it no longer holds, the next piece of a
     * snapshot: the one its transfer started with, to the end. Starting again from each newer
     * snapshot would never end under load, where a new one comes before the last is across.
     */
    void send(String peer) {
        Progress progress = sending.computeIfAbsent(peer, p -> new Progress());
        if (progress.snapshot == null) {
            progress.snapshot = latest;
            progress.offset = 0;
            progress.inFlight = false;
        }
        if (progress.inFlight) {
            return; // one piece at a time; a heartbeat sends it again if it was lost
        }
        Snapshot snapshot = progress.snapshot;
        String state = snapshot.state();
        int from = (int) progress.offset;
        int to = Math.min(state.length(), from + replica.config.snapshots().chunk());
        progress.inFlight = true;
        replica.send(new InstallSnapshot(replica.term, replica.id, peer, snapshot.index(), snapshot.term(),
                snapshot.members() == null ? "" : snapshot.members().encode(), state.length(), from, state.substring(from, to)));
    }

    /** A heartbeat's worth of time went by: a piece still unanswered is sent again. */
    void heartbeat() {
        sending.values().forEach(progress -> progress.inFlight = false);
    }

    void steppedDown() {
        sending.clear();
    }

    /** A follower answered this leader: exercise 5.8 may keep fewer entries behind the snapshot now. */
    void answered(String follower) {
    }

    /** The leader hears how far a follower got. */
    void receive(SnapshotReceived m) {
        if (replica.role != Role.LEADER || m.term() != replica.term) {
            return;
        }
        Progress progress = sending.computeIfAbsent(m.from(), p -> new Progress());
        progress.inFlight = false;
        if (m.received() == m.total()) {
            sending.remove(m.from());
            replica.replication.installed(m.from(), m.lastIndex());
            return;
        }
        if (progress.snapshot != null && m.lastIndex() == progress.snapshot.index()) {
            progress.offset = m.received(); // where the follower says it stands: a lost piece, or one repeated
        }
        replica.replication.sendAppend(m.from());
    }

    /** A follower takes a piece of its leader's snapshot; the term was checked and the leader heard from. */
    void receive(InstallSnapshot m) {
        if (m.lastIndex() <= replica.commitIndex) {
            // Everything it stands for is committed here already: a late or repeated snapshot must not
            // cut off the newer log this follower holds.
            reply(m, m.total());
            return;
        }
        if (receiving == null || receivingIndex != m.lastIndex() || receivingTerm != m.lastTerm()) {
            if (m.offset() != 0) {
                reply(m, 0); // not the start of anything we hold: from the beginning, please
                return;
            }
            receiving = new StringBuilder();
            receivingIndex = m.lastIndex();
            receivingTerm = m.lastTerm();
        }
        if (m.offset() == receiving.length()) {
            receiving.append(m.data()); // else a repeat, or a gap after a lost piece: say where we stand
        }
        if (receiving.length() < m.total()) {
            reply(m, receiving.length());
            return;
        }
        install(new Snapshot(m.lastIndex(), m.lastTerm(), m.members().isEmpty() ? null : Members.decode(m.members()),
                receiving.toString()));
        receiving = null;
        receivingIndex = -1;
        reply(m, m.total()); // leaves once the snapshot is forced (Persist first)
    }

    /**
     * The state machine becomes the snapshot. The log after it is kept if it agrees with the
     * snapshot's last entry (then it agrees on everything before it too); if not, it is dropped.
     */
    private void install(Snapshot snapshot) {
        Log log = replica.log;
        boolean agrees = log.holds(snapshot.index()) && log.term(snapshot.index()) == snapshot.term();
        if (agrees) {
            log.compact(snapshot.index());
        } else {
            log.reset(snapshot.index(), snapshot.term());
        }
        replica.machine.restore(snapshot.state());
        latest = snapshot;
        unsaved = true;
        replica.membership.recompute();
        replica.commitIndex = Math.max(replica.commitIndex, snapshot.index());
        replica.lastApplied = snapshot.index();
        replica.installed(snapshot);
    }

    private void reply(InstallSnapshot m, long received) {
        replica.send(new SnapshotReceived(replica.term, replica.id, m.from(), m.lastIndex(), received, m.total(), replica.disk));
    }
}
