package org.birthofds.bank.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.replication.Config.SnapshotPolicy;
import org.birthofds.bank.replication.Role;
import org.birthofds.bank.replication.Snapshot;
import org.birthofds.bank.replication.Status;

/**
 * Raft's safety properties (the paper's figure 3), and three more that a replica's own state must
 * keep, checked after every step of every replica of one shard group (each group is its own Raft
 * cluster, with its own terms and indexes). A violation is reported at the step that made it, with
 * that step's input, so a report points at the cause and not at a symptom seconds later.
 */
public final class RaftCheck {
    private static final int MAX_PER_PROPERTY = 5; // so that one property's repeats hide no other's
    private static final int MAX_EVENT = 240;

    /** The properties, named as the paper names them where it does. */
    public enum Property {
        ELECTION_SAFETY("Election Safety"),
        LEADER_APPEND_ONLY("Leader Append-Only"),
        LOG_MATCHING("Log Matching"),
        MAJORITY_COMMIT("A leader commits only what a majority told it they hold, and they told the truth"),
        LEADER_COMPLETENESS("Leader Completeness"),
        STATE_MACHINE_SAFETY("State Machine Safety"),
        TERMS("A replica speaks only in its current term, and terms never decrease along its log"),
        COMMIT_INDEX("A commit index never moves back, nor past its log"),
        DURABLE_STATE("What a replica said survives its crash"),
        HONEST_PEERS("No replica refuses what an honest member sends"),
        SNAPSHOTS("A snapshot of an index is the same on every replica, and ends with the entry committed there"),
        BOUNDED_LOG("A replica's log holds no more than its snapshot policy allows past its last snapshot");

        public final String title;

        Property(String title) {
            this.title = title;
        }
    }

    public record Violation(Property property, String what, long time, String event) {
        @Override
        public String toString() {
            return property.title + ": " + what + " (t=" + time + "ms, " + event + ")";
        }
    }

    /** (index, term) names an entry for good: what it holds and the term of the entry before it. */
    private record Slot(long index, long term) {
    }

    private record Link(String command, long prevTerm) {
    }

    /** One life of one replica, as this check last saw it. */
    private static final class Life {
        int incarnation;
        Role role = Role.FOLLOWER;
        long term;
        long lastIndex;
        long commitIndex;
        long lastApplied;
    }

    /** What one replica has told others, across its lives: a restart must not contradict it. */
    private static final class Said {
        long highestTerm;
        final Map<Long, String> votes = new HashMap<>(); // term -> whom it told "granted"
        final Map<Long, Long> acked = new HashMap<>(); // term -> how far it told that term's leader it holds the log
    }

    private final SnapshotPolicy policy;
    private final Map<Long, String> snapshots = new HashMap<>(); // index -> the state first seen snapshotted there
    private final Map<Long, String> leaders = new HashMap<>();
    private final Map<Long, Entry> committed = new HashMap<>();
    private final Map<Long, String> answers = new HashMap<>(); // each committed index: the first answer applied
    private final Map<Long, Long> committedInTerm = new HashMap<>(); // index -> the term its commit was first seen in
    private final Map<Slot, Link> slots = new HashMap<>();
    private final Map<String, Life> lives = new HashMap<>();
    private final Map<String, Said> said = new HashMap<>(); // by replica: what its present disk promised
    private final Map<String, String> disks = new HashMap<>(); // by replica: the name of its present disk
    private final Map<String, Replica> current = new HashMap<>(); // each replica as it last stepped
    private final List<Violation> problems = new ArrayList<>();

    /** One group, snapshotting as {@code policy} says; its members are whoever its leaders' logs say they are. */
    public RaftCheck(SnapshotPolicy policy) {
        this.policy = policy;
    }

    public List<Violation> problems() {
        return List.copyOf(problems);
    }

    public boolean violated() {
        return !problems.isEmpty();
    }

    /** {@code applied}: what the step applied, which a compaction in the same step may have thrown out of the log. */
    public void stepped(String node, int incarnation, Replica replica, Effect.Persist persist, List<Entry> applied,
                        Supplier<String> event, long time) {
        Life life = life(node, incarnation);
        current.put(node, replica);
        Status now = replica.status();
        Context at = new Context(node, event, time);
        if (now.role() == Role.LEADER && (life.role != Role.LEADER || life.term != now.term())) {
            becameLeader(replica, now, at);
        }
        if (persist != null) {
            if (life.role == Role.LEADER && now.role() == Role.LEADER && life.term == now.term()
                    && persist.fromIndex() <= life.lastIndex && persist.compaction() == null) {
                problem(Property.LEADER_APPEND_ONLY, node + ", leader of term " + now.term() + ", rewrote its log from index "
                        + persist.fromIndex() + " (it held " + life.lastIndex + " entries)", at);
            }
            logChanged(replica, now, persist, life.commitIndex, at);
        }
        if (now.commitIndex() < life.commitIndex || now.commitIndex() > now.lastLogIndex()) {
            problem(Property.COMMIT_INDEX, node + "'s commit index went from " + life.commitIndex + " to "
                    + now.commitIndex() + ", with " + now.lastLogIndex() + " entries in its log", at);
        }
        if (now.role() == Role.LEADER && now.commitIndex() > life.commitIndex) {
            committedByMajority(node, replica.members(), now, at);
        }
        for (long index = life.commitIndex + 1; index <= Math.min(now.commitIndex(), now.lastLogIndex()); index++) {
            Entry entry = replica.entry(index);
            for (int i = 0; entry == null && i < applied.size(); i++) {
                entry = applied.get(i).index() == index ? applied.get(i) : null;
            }
            if (entry == null) {
                continue; // came in a snapshot, checked as one
            }
            Entry earlier = committed.putIfAbsent(index, entry);
            committedInTerm.putIfAbsent(index, now.term());
            if (earlier != null && !earlier.equals(entry)) {
                problem(Property.STATE_MACHINE_SAFETY, "committed entries differ at index " + index + ": " + earlier
                        + " was committed, and " + node + " committed " + entry + " (split brain)", at);
            }
        }
        life.role = now.role();
        life.term = now.term();
        life.lastIndex = now.lastLogIndex();
        life.commitIndex = Math.max(life.commitIndex, now.commitIndex());
        if (persist != null && persist.compaction() != null) {
            snapshotAgrees(persist.compaction().snapshot(), at);
        }
        logBounded(replica, now, at);
    }

    /** Every copy that snapshots index i holds the same state there, and only once i is committed. */
    private void snapshotAgrees(Snapshot snapshot, Context at) {
        String earlier = snapshots.putIfAbsent(snapshot.index(), snapshot.state());
        if (earlier != null && !earlier.equals(snapshot.state())) {
            problem(Property.SNAPSHOTS, at.node + "'s " + snapshot + " differs from another replica's at that index", at);
        }
        Entry decided = committed.get(snapshot.index());
        if (decided == null || decided.term() != snapshot.term()) {
            problem(Property.SNAPSHOTS, at.node + " holds a " + snapshot + ", but " + (decided == null ? "nothing"
                    : decided) + " was committed there", at);
        }
    }

    /** Compaction keeps up: fewer applied entries than a snapshot interval past the snapshot, and few kept behind it. */
    private void logBounded(Replica replica, Status now, Context at) {
        long sinceSnapshot = now.commitIndex() - now.snapshotIndex();
        long behind = now.snapshotIndex() - replica.logBase();
        if (policy.every() > 0 && (sinceSnapshot >= policy.every() || behind > policy.keep())) {
            problem(Property.BOUNDED_LOG, at.node + " holds " + sinceSnapshot + " committed entries past its snapshot at "
                    + now.snapshotIndex() + " and " + behind + " before it (a snapshot every " + policy.every()
                    + ", keeping " + policy.keep() + ")", at);
        }
    }

    /** A follower's state machine became its leader's snapshot: it applies on from there. */
    public void installed(String node, int incarnation, Snapshot snapshot, long time) {
        Context at = new Context(node, () -> node + " installing a " + snapshot, time);
        snapshotAgrees(snapshot, at);
        life(node, incarnation).lastApplied = snapshot.index();
    }

    /** Log Matching, checked inductively: (index, term) must always name the same command after the same term. */
    private void logChanged(Replica replica, Status now, Effect.Persist persist, long knownCommitted, Context at) {
        long index = persist.fromIndex();
        long prevTerm = index <= 1 ? 0 : replica.term(index - 1);
        for (Entry entry : persist.entries()) {
            if (entry.term() < prevTerm || entry.term() > now.term()) {
                problem(Property.TERMS, at.node + " holds " + entry + " after an entry of term " + prevTerm
                        + ", in term " + now.term(), at);
            }
            Link link = new Link(entry.command(), prevTerm);
            Link earlier = slots.putIfAbsent(new Slot(entry.index(), entry.term()), link);
            if (earlier != null && !earlier.equals(link)) {
                problem(Property.LOG_MATCHING, at.node + " holds " + entry + " after an entry of term " + prevTerm
                        + ", but another log holds index " + entry.index() + " of term " + entry.term() + " as "
                        + describe(earlier), at);
            }
            prevTerm = entry.term();
        }
        // A deposed leader that does not know it yet may write where others have committed; but
        // no replica may change what it knows to be committed.
        for (long i = index; i <= knownCommitted; i++) {
            Entry decided = committed.get(i);
            if (decided != null && !decided.equals(replica.entry(i))) {
                problem(Property.STATE_MACHINE_SAFETY, at.node + " cut committed " + decided + " from its log", at);
                break;
            }
        }
    }

    /**
     * A leader commits an index only once a majority holds it: itself, and followers that told it
     * so in its term. (Their telling is checked true as it is sent, in {@link #said}.)
     */
    private void committedByMajority(String leader, Members members, Status now, Context at) {
        int holders = members.isVoter(leader) ? 1 : 0;
        for (Map.Entry<String, Said> told : said.entrySet()) {
            Said s = told.getValue();
            // one leader per term: an ack of this term was to it; a learner's copy counts for nothing,
            // nor does a copy on a disk the group does not know its voter by
            boolean voter = !told.getKey().equals(leader) && members.isVoter(told.getKey())
                    && members.knows(told.getKey(), disks.getOrDefault(told.getKey(), ""));
            holders += voter && s.acked.getOrDefault(now.term(), 0L) >= now.commitIndex() ? 1 : 0;
        }
        if (holders < members.majority()) {
            problem(Property.MAJORITY_COMMIT, leader + ", leader of term " + now.term() + ", committed index "
                    + now.commitIndex() + " held by " + holders + " of its " + members.voters().size()
                    + " voters, by what they told it", at);
        }
    }

    private void becameLeader(Replica replica, Status now, Context at) {
        String earlier = leaders.putIfAbsent(now.term(), at.node);
        if (earlier != null && !earlier.equals(at.node)) {
            problem(Property.ELECTION_SAFETY, "two leaders in term " + now.term() + ": " + earlier + " and " + at.node, at);
        }
        // A leader of term T holds a majority of its voters' votes of term T: votes of other terms, or
        // of learners and strangers, elect nobody; nor does a vote from a disk the group does not know
        // its voter by (the voter's own disk, and its promises, are lost).
        Members members = replica.members();
        long electors = (members.isVoter(at.node) ? 1 : 0) + said.entrySet().stream()
                .filter(e -> !e.getKey().equals(at.node) && members.isVoter(e.getKey()))
                .filter(e -> members.knows(e.getKey(), disks.getOrDefault(e.getKey(), "")))
                .filter(e -> at.node.equals(e.getValue().votes.get(now.term()))).count();
        if (electors < members.majority()) {
            problem(Property.ELECTION_SAFETY, at.node + " became leader of term " + now.term() + " with the votes of "
                    + electors + " of its " + members.voters().size() + " voters in that term", at);
        }
        for (Map.Entry<Long, Entry> done : committed.entrySet()) {
            if (committedInTerm.get(done.getKey()) >= now.term()) {
                continue; // Leader Completeness binds the leaders of later terms; a paused old candidate may still win its own
            }
            if (done.getKey() <= replica.logBase()) {
                continue; // in its snapshot, which is checked against the committed entries as a whole
            }
            Entry held = replica.entry(done.getKey());
            if (!done.getValue().equals(held)) {
                problem(Property.LEADER_COMPLETENESS, "committed entry lost: " + done.getValue() + " was committed, but "
                        + at.node + " became leader of term " + now.term() + " holding " + (held == null ? "nothing" : held)
                        + " at index " + done.getKey(), at);
                return;
            }
        }
    }

    public void said(String node, Message message, long time) {
        Life life = lives.get(node);
        if (life != null && message.term() != life.term) {
            // An answer must carry the term its sender is in: the receiver counts it for that term.
            problem(Property.TERMS, node + ", in term " + life.term + ", sent " + message,
                    new Context(node, () -> node + " sending " + message, time));
        }
        Said told = said.computeIfAbsent(node, n -> new Said());
        told.highestTerm = Math.max(told.highestTerm, message.term());
        if (message instanceof Message.Vote vote && vote.granted()) {
            String earlier = told.votes.putIfAbsent(vote.term(), vote.to());
            if (earlier != null && !earlier.equals(vote.to())) {
                // One vote per replica per term (section 5.2) is what Election Safety rests on.
                problem(Property.ELECTION_SAFETY, node + " gave its vote in term " + vote.term() + " to " + earlier
                        + " and to " + vote.to(), new Context(node, () -> node + " sending " + vote, time));
            }
        } else if (message instanceof Message.Appended ack && ack.success()) {
            acknowledgedTruly(node, ack, time);
            told.acked.merge(ack.term(), ack.matchIndex(), Math::max);
        } else if (message instanceof Message.SnapshotReceived got && got.received() == got.total()) {
            told.acked.merge(got.term(), got.lastIndex(), Math::max); // "I hold your log up to there"
        }
    }

    /** "I hold your log up to m": true only if the follower's entry m is the leader's, as the leader has it now. */
    private void acknowledgedTruly(String node, Message.Appended ack, long time) {
        Replica follower = current.get(node);
        Replica leader = current.get(ack.to());
        if (ack.matchIndex() == 0 || follower == null || leader == null || leader.status().role() != Role.LEADER
                || leader.status().term() != ack.term()) {
            return; // nothing claimed, or no leader of that term to compare with any more
        }
        if (ack.matchIndex() <= follower.logBase() || ack.matchIndex() <= leader.logBase()) {
            return; // committed on one side (so on both), and thrown away: the snapshots are checked instead
        }
        Entry held = follower.entry(ack.matchIndex());
        Entry theirs = leader.entry(ack.matchIndex());
        if (held == null || !held.equals(theirs)) {
            problem(Property.MAJORITY_COMMIT, node + " told " + ack.to() + " it holds its log up to index " + ack.matchIndex()
                    + ", but holds " + held + " where the leader has " + theirs,
                    new Context(node, () -> node + " sending " + ack, time));
        }
    }

    /** Term, vote and acknowledged entries were forced before they were said: a crash cannot take them back. */
    public void restarted(String node, int incarnation, Durable recovered, long time) {
        String before = disks.put(node, recovered.disk());
        if (before != null && !before.equals(recovered.disk())) {
            said.remove(node); // a new disk: what the old one promised is gone with it, which the group must allow for
        }
        Said told = said.get(node);
        Context at = new Context(node, () -> node + " restarting from its disk", time);
        if (told != null) {
            String vote = told.votes.get(recovered.term());
            if (recovered.term() < told.highestTerm) {
                problem(Property.DURABLE_STATE, node + " came back in term " + recovered.term() + ", but had spoken in term "
                        + told.highestTerm, at);
            } else if (vote != null && !vote.equals(recovered.votedFor())) {
                problem(Property.DURABLE_STATE, node + " came back having voted for " + recovered.votedFor() + " in term "
                        + recovered.term() + ", but had told " + vote + " it had its vote", at);
            } else if (recovered.lastIndex() < told.acked.getOrDefault(recovered.term(), 0L)) {
                problem(Property.DURABLE_STATE, node + " came back with " + recovered.lastIndex() + " entries, but had told"
                        + " the leader of term " + recovered.term() + " it held " + told.acked.get(recovered.term()), at);
            }
        }
        life(node, incarnation).lastApplied = recovered.snapshot().index(); // it applies on from its snapshot
        if (recovered.snapshot().index() > 0) {
            snapshotAgrees(recovered.snapshot(), at);
        }
    }

    public void refused(String node, Effect.Refused refused, long time) {
        if (refused.refusal() == Effect.Refusal.STRANGER || refused.refusal() == Effect.Refusal.ANOTHER_DISK) {
            // a machine not yet, or no longer, of this replica's group, or back with its disk lost:
            // honest, in a group whose members change and whose disks fail
            return;
        }
        problem(Property.HONEST_PEERS, node + " refused " + refused.message() + ": " + refused.refusal() + ", "
                + refused.detail(), new Context(node, () -> node + " receiving " + refused.message(), time));
    }

    /**
     * {@code result}: what the node's state machine answered. The same entry must get the same answer on
     * every replica, on every replay: a state machine that reads a clock of its own, or iterates a map in
     * an order of its own, parts the copies for ever, though every log agrees.
     */
    public void applied(String node, int incarnation, Entry entry, String result, long time) {
        Life life = life(node, incarnation);
        Context at = new Context(node, () -> node + " applying " + entry, time);
        if (entry.index() != life.lastApplied + 1) {
            problem(Property.STATE_MACHINE_SAFETY, node + " applied index " + entry.index() + " right after index "
                    + life.lastApplied + " (not in order, or twice)", at);
        }
        life.lastApplied = entry.index();
        Entry decided = committed.get(entry.index());
        if (decided == null) {
            problem(Property.STATE_MACHINE_SAFETY, node + " applied " + entry + ", which nobody committed", at);
        } else if (!decided.equals(entry)) {
            problem(Property.STATE_MACHINE_SAFETY, node + " applied " + entry + ", but " + decided + " was committed there", at);
        }
        String first = answers.putIfAbsent(entry.index(), result);
        if (first != null && !first.equals(result) && decided != null && decided.equals(entry)) {
            problem(Property.STATE_MACHINE_SAFETY, node + " answered " + result + " to " + entry + ", which another replica"
                    + " (or an earlier life) answered " + first + ": the state machine is not deterministic", at);
        }
    }

    private Life life(String node, int incarnation) {
        Life life = lives.get(node);
        if (life == null || life.incarnation != incarnation) {
            life = new Life(); // a restart forgets role, commit index and what it applied: it replays from 1
            life.incarnation = incarnation;
            lives.put(node, life);
        }
        return life;
    }

    private static String describe(Link link) {
        return (link.command().isEmpty() ? "a no-op" : "\"" + link.command() + "\"") + " after an entry of term " + link.prevTerm();
    }

    private void problem(Property property, String what, Context at) {
        if (problems.stream().filter(v -> v.property() == property).count() < MAX_PER_PROPERTY) {
            String event = at.event.get();
            problems.add(new Violation(property, what, at.time,
                    at.node + " on " + (event.length() > MAX_EVENT ? event.substring(0, MAX_EVENT) + "..." : event)));
        }
    }

    private record Context(String node, Supplier<String> event, long time) {
    }
}
