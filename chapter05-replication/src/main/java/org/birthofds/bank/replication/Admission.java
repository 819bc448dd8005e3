package org.birthofds.bank.replication;

import java.util.List;
import org.birthofds.bank.replication.Effect.Refusal;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;
import org.birthofds.bank.replication.Message.InstallSnapshot;
import org.birthofds.bank.replication.Message.RequestVote;
import org.birthofds.bank.replication.Message.SnapshotReceived;

/**
 * What a replica refuses before it acts on a message: whatever no honest member of its group can
 * send. Raft trusts its peers; a replica still refuses a message that is not for it, not from a
 * member, or that would break what Raft promises (the paper's figure 3): a term that cannot be
 * incremented, entries that do not follow their prevIndex, or an order to cut an entry it knows is
 * committed. etcd's raft refuses the same states outright ("entry conflicts with committed
 * entry", "tocommit is out of range"). A refused message changes nothing.
 */
final class Admission {
    private final Replica replica;

    Admission(Replica replica) {
        this.replica = replica;
    }

    /**
     * A disk whose term cannot be incremented, or whose log runs ahead of its term, cannot be
     * trusted: the replica stops here rather than serve from it.
     */
    static void trust(String id, Durable restored) {
        List<Entry> log = restored.log();
        Entry last = log.isEmpty() ? null : log.get(log.size() - 1);
        if (restored.term() < 0 || restored.term() == Long.MAX_VALUE || last != null && last.term() > restored.term()
                || restored.snapshot().term() > restored.term()) {
            throw new IllegalStateException(id + "'s disk holds term " + restored.term() + " and a log ending at " + last);
        }
    }

    /** Null if the message may be taken; else what is wrong with it, whatever this replica's state. */
    Effect.Refused refusal(Message m) {
        if (!replica.id.equals(m.to())) {
            return new Effect.Refused(m, Refusal.NOT_FOR_ME, "addressed to " + m.to());
        }
        boolean fromALeader = m instanceof AppendEntries || m instanceof InstallSnapshot || m instanceof Message.TimeoutNow;
        boolean member = fromALeader ? replica.membership.mayLead(m.from()) : replica.members().contains(m.from());
        if (!member || m.from().equals(replica.id)) {
            return new Effect.Refused(m, Refusal.STRANGER, m.from() + " is no member of " + replica.members());
        }
        // FAILURE MODE (fixed by naming disks; broken with KNOWN_DISKS): a replica back with an empty
        // disk under its old id has forgotten its vote and its log, and its vote can elect a second
        // leader in a term, or a leader without entries the group committed.
        if (m instanceof Message.Promise p && !replica.members().knows(p.from(), p.disk())
                && !replica.config.breaks(Rule.KNOWN_DISKS)) {
            return new Effect.Refused(m, Refusal.ANOTHER_DISK, p.from() + " speaks from disk " + p.disk() + ", but the group"
                    + " knows it by disk " + replica.members().disks().get(p.from()) + ": a machine that lost its disk must be"
                    + " added again under a new id");
        }
        if (m.term() < 0 || m.term() == Long.MAX_VALUE) {
            return new Effect.Refused(m, Refusal.TERM_OUT_OF_RANGE, "term " + m.term() + " cannot be incremented");
        }
        String shape = shape(m);
        if (shape != null) {
            return new Effect.Refused(m, Refusal.MALFORMED, shape);
        }
        boolean current = m.term() >= replica.term || replica.config.breaks(Rule.APPEND_TERM_CHECK);
        return m instanceof AppendEntries a && current ? cutsCommitted(a) : ackPastOurLog(m);
    }

    /**
     * Null, unless the AppendEntries would replace an entry this replica knows to be committed. An
     * honest leader holds every committed entry (Leader Completeness), so its entries agree with
     * them wherever its message starts; checked before its term is adopted, so that a refused
     * message changes nothing at all.
     */
    private Effect.Refused cutsCommitted(AppendEntries m) {
        Log log = replica.log;
        for (Entry entry : m.entries()) {
            long index = entry.index();
            // Before our log's base, the entries are gone: only their last one's term is left to compare.
            boolean ours = index == log.baseIndex() || log.holds(index);
            if (index <= replica.commitIndex && ours && log.term(index) != entry.term()) {
                return new Effect.Refused(m, Refusal.CUTS_COMMITTED, entry + " conflicts with committed entry " + index
                        + " of term " + log.term(index));
            }
        }
        return null;
    }

    private static String shape(Message m) {
        if (m instanceof RequestVote v && (v.lastLogIndex() < 0 || v.lastLogTerm() < 0 || v.lastLogTerm() > v.term())) {
            return "a last entry " + v.lastLogIndex() + "@" + v.lastLogTerm() + " no log of term " + v.term() + " can end with";
        }
        if (m instanceof Appended a && (a.matchIndex() < 0 || a.round() < 0)) {
            return "a negative index or round";
        }
        if (m instanceof InstallSnapshot s && (s.lastIndex() < 1 || s.lastTerm() < 0 || s.lastTerm() > s.term()
                || s.offset() < 0 || s.data() == null || s.offset() + s.data().length() > s.total())) {
            return "a snapshot ending at " + s.lastIndex() + "@" + s.lastTerm() + ", piece at " + s.offset() + " of " + s.total();
        }
        if (m instanceof SnapshotReceived r && (r.lastIndex() < 0 || r.received() < 0 || r.received() > r.total())) {
            return "received " + r.received() + " of " + r.total();
        }
        if (m instanceof AppendEntries a) {
            if (a.prevIndex() < 0 || a.prevTerm() < 0 || a.prevTerm() > a.term() || a.leaderCommit() < 0 || a.round() < 0) {
                return "prevIndex " + a.prevIndex() + "@" + a.prevTerm() + ", leaderCommit " + a.leaderCommit();
            }
            return entriesOutOfPlace(a.prevIndex(), a.prevTerm(), a.term(), a.entries());
        }
        return null;
    }

    /** Entries must follow prevIndex one by one, their terms never falling, and none past the message's own. */
    private static String entriesOutOfPlace(long prevIndex, long prevTerm, long term, List<Entry> entries) {
        long index = prevIndex;
        long last = prevTerm;
        for (Entry entry : entries) {
            index = Math.addExact(index, 1);
            if (entry.index() != index || entry.term() < last || entry.term() > term) {
                return "entry " + entry + " where index " + index + " of a term from " + last + " to " + term + " belongs";
            }
            last = entry.term();
        }
        return null;
    }

    /** A leader's follower cannot hold more of the leader's log, in its term, than the leader has. */
    private Effect.Refused ackPastOurLog(Message m) {
        if (m instanceof Appended a && a.success() && replica.role == Role.LEADER && a.term() == replica.term
                && a.matchIndex() > replica.log.lastIndex()) {
            return new Effect.Refused(m, Refusal.MALFORMED, "acknowledges index " + a.matchIndex() + " of a log of "
                    + replica.log.lastIndex());
        }
        return null;
    }
}
