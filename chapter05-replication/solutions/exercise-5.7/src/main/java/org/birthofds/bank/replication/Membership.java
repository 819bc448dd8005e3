package org.birthofds.bank.replication;

import java.util.LinkedHashMap;
import java.util.Map;
import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Members.Change;
import org.birthofds.bank.replication.Message.TimeoutNow;

/**
 * Changing who is in the group while it serves, one server at a time (the Raft thesis, chapter 4):
 * the members are an entry in the log, used by each replica as soon as it holds it. Adding or
 * removing one voter keeps every majority of the old group and every majority of the new one
 * sharing a replica, so the two cannot elect two leaders in one term. The leader takes a change
 * only if the last one is committed (one at a time) and it has committed an entry of its own term
 * (without that, a change made by a leader of an older term can still be overwritten, and two
 * overlapping changes elect two leaders: the bug reported on raft-dev in 2015).
 *
 * <p>A new machine joins as a learner: it receives the log but neither votes nor counts, until it
 * has caught up and is promoted. A leader removed by its own change steps down once the change is
 * committed, and hands over to the follower furthest along, which stands at once.
 */
final class Membership {
    /**
     * How far behind the commit index a learner may be and still be promoted: a new voter that
     * lags counts toward no majority until it catches up, so a group of three that promotes a
     * laggard and loses one more machine waits for it. Under load a learner is never exactly
     * level with the leader; a few entries behind, it is one AppendEntries from level.
     */
    static final long CAUGHT_UP = 10;

    private final Replica replica;
    private final Members genesis;
    private Members current;
    private Members previous; // before the latest change: a leader that removed itself still leads until it commits
    private long changedAt; // the index of the entry that made the current members; 0: from a snapshot or the start
    private final Map<String, String> heard = new LinkedHashMap<>(); // a leader's: members not bound yet, by the disk they spoke from
    private String transferTo; // exercise 5.7: the follower this leader hands over to, once it is level
    private long transferRequest;

    Membership(Replica replica, Members genesis) {
        this.replica = replica;
        this.genesis = genesis;
    }

    Members current() {
        return current;
    }

    /**
     * True if {@code id} may lead this replica: a member, or one the latest change removed. A leader
     * that removed itself goes on replicating until the change is committed, then hands over.
     */
    boolean mayLead(String id) {
        return current.contains(id) || previous.contains(id);
    }

    boolean committedHere() {
        return changedAt <= replica.commitIndex;
    }

    /** The members as of {@code index}, which must not be before the snapshot: the latest entry up to there says. */
    Members at(long index) {
        Log log = replica.log;
        for (long i = Math.min(index, log.lastIndex()); i > log.baseIndex(); i--) {
            if (Members.isMembers(log.entry(i).command())) {
                return Members.decode(log.entry(i).command());
            }
        }
        Members snapshotted = replica.snapshots.latest().members();
        return snapshotted != null ? snapshotted : genesis;
    }

    /** After the log lost its end, or was replaced by a snapshot: the latest entry it still holds says. */
    void recompute() {
        Log log = replica.log;
        changedAt = 0;
        for (long i = log.lastIndex(); i > log.baseIndex() && changedAt == 0; i--) {
            changedAt = Members.isMembers(log.entry(i).command()) ? i : 0;
        }
        current = at(log.lastIndex());
        previous = changedAt > 0 ? at(changedAt - 1) : current;
        if (replica.role == Role.LEADER) {
            replica.replication.membersChanged();
        }
    }

    /** A new entry: if it names the members, they count from now on, committed or not. */
    void appended(Entry entry) {
        if (Members.isMembers(entry.command())) {
            previous = current;
            current = Members.decode(entry.command());
            changedAt = entry.index();
            if (replica.role == Role.LEADER) {
                replica.replication.membersChanged();
            }
        }
    }

    /** A change asked of this replica; answered like a write once committed, or refused now. */
    void propose(long requestId, Change change) {
        if (replica.role != Role.LEADER) {
            replica.reply(requestId, Answer.NOT_LEADER, replica.leader == null ? "" : replica.leader);
            return;
        }
        String refusal = refusal(change);
        if (refusal != null) {
            replica.reply(requestId, Answer.REFUSED, refusal);
            return;
        }
        // Asked again after an answer that never came (a leader that stepped down, a lost reply), a
        // change already in effect is committed again as it is: the asker learns it holds.
        replica.replication.propose(requestId, (inEffect(change) ? current : change.applyTo(current)).encode());
    }

    /**
     * A member promised something from its disk: if the group knows no disk for it yet, the leader
     * writes this one down, with its own, as a change of members that changes no voter (one change
     * at a time, as any other), so that from then on every replica refuses it from another disk. A
     * group founded on disks named beforehand has them in its genesis: its first leader writes that
     * down in the log, where no flag given at a later start can change it.
     */
    void heardFrom(Message.Promise promise) {
        if (replica.role != Role.LEADER) {
            heard.clear();
            return;
        }
        if (!promise.disk().isEmpty() && current.contains(promise.from()) && !current.disks().containsKey(promise.from())) {
            heard.putIfAbsent(promise.from(), promise.disk());
        }
        if (!heard.isEmpty() && !replica.disk.isEmpty() && current.contains(replica.id)) {
            heard.putIfAbsent(replica.id, replica.disk);
        }
        heard.keySet().removeIf(id -> !current.contains(id) || current.disks().containsKey(id));
        boolean genesisOnly = changedAt == 0 && replica.snapshots.latest().members() == null && !current.disks().isEmpty();
        if ((!heard.isEmpty() || genesisOnly) && notNow() == null) {
            replica.replication.appendOwn(current.bound(heard).encode());
            heard.clear();
        }
    }

    /** Why the leader may change no members now, or null. */
    private String notNow() {
        long commit = replica.commitIndex;
        // FAILURE MODE (fixed by this rule; broken with MEMBERS_AFTER_OWN_TERM): a new leader's change
        // and an older leader's change it has not seen can each win a majority of its own members,
        // and two leaders then commit different entries at one index.
        if (replica.log.term(commit) != replica.term && !replica.config.breaks(Rule.MEMBERS_AFTER_OWN_TERM)) {
            return "this leader has committed no entry of its own term yet: a change now could still be overwritten";
        }
        if (changedAt > commit) {
            return "the last change (index " + changedAt + ") is not committed yet: one change at a time";
        }
        return null;
    }

    private String refusal(Change change) {
        long commit = replica.commitIndex;
        String notNow = notNow();
        if (notNow != null) {
            return notNow;
        }
        String id = change.id();
        if (inEffect(change)) {
            return null;
        }
        return switch (change.kind()) {
            case ADD_LEARNER -> null;
            case PROMOTE -> !current.learners().containsKey(id) ? id + " is no learner"
                    : replica.replication.matchIndex(id) < commit - CAUGHT_UP ? id + " has not caught up: it holds the log to"
                    + " index " + replica.replication.matchIndex(id) + " of " + commit : null;
            case REMOVE -> current.isVoter(id) && current.voters().size() == 1 ? id + " is the last voter" : null;
        };
    }

    /** True if the members already are as {@code change} would make them. */
    private boolean inEffect(Change change) {
        String id = change.id();
        return switch (change.kind()) {
            case ADD_LEARNER -> current.contains(id);
            case PROMOTE -> current.isVoter(id);
            case REMOVE -> !current.contains(id);
        };
    }

    /** The commit index moved: a leader whose removal is now committed leaves, and hands over. */
    void committed() {
        if (replica.role != Role.LEADER || changedAt > replica.commitIndex || current.isVoter(replica.id)) {
            return;
        }
        String successor = replica.replication.furthestVoter();
        replica.becomeFollower(replica.term, null);
        if (successor != null) {
            replica.send(new TimeoutNow(replica.term, replica.id, successor));
        }
    }

    /**
     * Exercise 5.7: hand leadership to {@code to} on request, as a leader that removes itself does:
     * once its log is as long as ours, tell it to stand now; the request is answered once that has left.
     */
    void transfer(long requestId, String to) {
        if (replica.role != Role.LEADER) {
            replica.reply(requestId, Answer.NOT_LEADER, replica.leader == null ? "" : replica.leader);
            return;
        }
        if (!current.isVoter(to) || to.equals(replica.id)) {
            replica.reply(requestId, Answer.REFUSED, to + " is no other voter of this group");
            return;
        }
        transferTo = to;
        transferRequest = requestId;
        answered(to);
        if (transferTo != null) {
            replica.replication.sendAppend(to); // bring it level first
        }
    }

    /** A follower answered this leader: a transfer waiting for it to catch up may go now. */
    void answered(String follower) {
        if (transferTo == null || !transferTo.equals(follower) || replica.role != Role.LEADER) {
            return;
        }
        if (replica.replication.matchIndex(follower) >= replica.log.lastIndex()) {
            replica.send(new TimeoutNow(replica.term, replica.id, follower));
            replica.reply(transferRequest, Answer.OK, follower);
            transferTo = null;
        }
    }

    /** The leader hands over: stand now, if this replica may. */
    void timeoutNow(TimeoutNow m) {
        if (m.term() == replica.term && current.isVoter(replica.id) && replica.role != Role.LEADER) {
            replica.election.campaign();
        }
    }
}
