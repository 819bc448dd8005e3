package org.birthofds.bank.replication;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;
import org.birthofds.bank.replication.Message.InstallSnapshot;
import org.birthofds.bank.replication.Message.SnapshotReceived;
import org.birthofds.bank.replication.Message.TimeoutNow;
import org.birthofds.bank.replication.Message.VoteMessage;

/**
 * One Raft replica as a deterministic state machine: it reacts to {@link #receive}, {@link #tick},
 * {@link #propose} and {@link #read}, and everything it wants done waits in an outbox that the
 * runtime takes with {@link #drain()}. No I/O, no clock, no threads; the only randomness (election
 * timeouts) comes from the generator it is given, so a seed replays a run exactly.
 *
 * <p>Persist then act: a batch from {@link #drain()} starts with the one {@link Effect.Persist}
 * that covers every change to term, vote and log since the last batch, and the runtime forces it
 * before carrying out the rest. So by the next input, everything this replica has sent or
 * answered is backed by its disk; {@link #durableIndex} is what it may count as its own copy.
 *
 * <p>Raft's parts, one idea each: {@link Election}, the leader's {@link Replication}, {@link Reads},
 * {@link Snapshots}, {@link Membership}.
 * Here: the state they share, the follower's side of AppendEntries, and the outbox.
 */
public final class Replica {
    final String id;
    final String disk; // the name its disk drew when new: its promises name it
    final Config config;
    final StateMachine machine;
    final RandomGenerator random;
    final Log log;
    final Election election;
    final Reads reads;
    final Replication replication;
    final Snapshots snapshots;
    final Membership membership;
    final Admission admission;

    // Durable: forced through a Persist before anything that depends on them leaves.
    long term;
    String votedFor;

    // Volatile: rebuilt after a crash (commit index from the leader, the state machine by replay).
    Role role = Role.FOLLOWER;
    String leader;
    long commitIndex;
    long lastApplied;
    long durableIndex;

    // The outbox.
    private boolean hardStateChanged;
    private long logChangedFrom = Long.MAX_VALUE;
    private final List<Effect> outbox = new ArrayList<>();

    /** One of a group that started as {@code id} and {@code peers}, all voters. */
    public Replica(String id, List<String> peers, Config config, Durable restored, StateMachine machine,
                   RandomGenerator random) {
        this(id, Members.of(java.util.stream.Stream.concat(java.util.stream.Stream.of(id), peers.stream()).toList()),
                config, restored, machine, random);
    }

    /**
     * @param genesis the group as it started, until the log or a snapshot says otherwise; for a
     *     machine that joins a running group, the group as the operator knows it, this one a learner
     */
    public Replica(String id, Members genesis, Config config, Durable restored, StateMachine machine,
                   RandomGenerator random) {
        this.id = id;
        this.disk = restored.disk();
        this.config = config;
        this.machine = machine;
        this.random = random;
        Admission.trust(id, restored);
        this.term = restored.term();
        this.votedFor = restored.votedFor();
        this.log = new Log(restored.baseIndex(), restored.baseTerm(), restored.log());
        this.durableIndex = log.lastIndex();
        this.election = new Election(this);
        this.reads = new Reads(this);
        this.replication = new Replication(this);
        this.snapshots = new Snapshots(this, restored.snapshot());
        this.membership = new Membership(this, genesis);
        this.admission = new Admission(this);
        membership.recompute();
        if (restored.snapshot().index() > 0) { // everything up to the snapshot was committed and applied
            machine.restore(restored.snapshot().state());
            commitIndex = restored.snapshot().index();
            lastApplied = commitIndex;
            // A crash between snapshot and journal may have left an older journal, which recovery read
            // in the snapshot's light (Durable.recover): rewrite it so, before anything is appended to it.
            snapshots.rewriteJournal();
            snapshots.compactBehind();
        }
    }

    public String id() {
        return id;
    }

    /** The name its disk drew when it was new, which its votes and acknowledgements carry. */
    public String disk() {
        return disk;
    }

    public Status status() {
        return new Status(id, role, term, log.lastIndex(), commitIndex, leader, snapshots.latest().index());
    }

    /** The entry at {@code index}, or null past the end or thrown away: for checkers comparing logs. */
    public Entry entry(long index) {
        return log.holds(index) ? log.entry(index) : null;
    }

    /** Who is in the group, as this replica's log says now. */
    public Members members() {
        return membership.current();
    }

    /** True once the entry that made {@link #members()} is committed, as far as this replica knows. */
    public boolean membersCommitted() {
        return membership.committedHere();
    }

    /** The latest snapshot taken, installed or restored: for checkers comparing copies. */
    public Snapshot snapshot() {
        return snapshots.latest();
    }

    /** The term of the entry at {@code index}, of its base if the log was compacted there; -1 if not held. */
    public long term(long index) {
        return log.term(index);
    }

    /** How much of the log this replica still holds: its base and last index, for checkers of its size. */
    public long logBase() {
        return log.baseIndex();
    }

    public void tick() {
        begin();
        if (role == Role.LEADER) {
            replication.tick();
        } else {
            election.tick();
        }
    }

    public void receive(Message message) {
        begin();
        Effect.Refused refused = admission.refusal(message);
        if (refused != null) {
            outbox.add(refused);
            return;
        }
        if (message.term() > term && !(config.breaks(Rule.STEP_DOWN) && role == Role.LEADER)) {
            // FAILURE MODE (fixed by Raft's terms; broken with STEP_DOWN): a leader that ignores a
            // higher term keeps acting as leader beside the new one: split brain.
            becomeFollower(message.term(), null);
        }
        if (message instanceof Message.Promise promise) {
            membership.heardFrom(promise);
        }
        if (message instanceof VoteMessage vote) {
            election.receive(vote);
        } else if (message instanceof AppendEntries append) {
            onAppendEntries(append);
        } else if (message instanceof Appended appended) {
            replication.receive(appended);
            membership.answered(appended.from());
            snapshots.answered(appended.from());
        } else if (message instanceof InstallSnapshot install) {
            onInstallSnapshot(install);
        } else if (message instanceof SnapshotReceived received) {
            snapshots.receive(received);
        } else if (message instanceof TimeoutNow now) {
            membership.timeoutNow(now);
        }
    }

    /**
     * An operator's request that {@code to} lead instead, without waiting out an election timeout:
     * to drain a machine before its maintenance (exercise 5.7; as shipped, refused).
     */
    public void transferLeadership(long requestId, String to) {
        begin();
        membership.transfer(requestId, to);
    }

    /** An operator's change of members: answered OK once committed, NOT_LEADER, or REFUSED with the reason. */
    public void changeMembers(long requestId, Members.Change change) {
        begin();
        membership.propose(requestId, change);
    }

    /** A client's write: it is answered once applied, or NOT_LEADER, or UNKNOWN if leadership is lost first. */
    public void propose(long requestId, String command) {
        begin();
        if (role != Role.LEADER) {
            reply(requestId, Answer.NOT_LEADER, leader == null ? "" : leader);
            return;
        }
        replication.propose(requestId, command);
    }

    /** A client's read, answered linearizably (see {@link Reads}). */
    public void read(long requestId, String query) {
        begin();
        reads.read(requestId, query);
    }

    /**
     * The runtime's word that the last batch's Persist is forced. Optional: the next input tells the
     * replica the same (see {@link #begin}); a runtime that says it at once lets a leader count its
     * own copy without waiting for one, which a group of one has nothing else to wait for.
     */
    public void persisted() {
        begin();
    }

    /**
     * Everything this replica wants done since the last call, Persist first; but a leader's
     * AppendEntries go before it, so that its followers force their copies while it forces its own
     * (the Raft thesis, section 10.2.1). They promise nothing the leader has not forced: its term and
     * vote were forced when it stood, and it counts its own copy only once forced ({@link #durableIndex}).
     */
    public List<Effect> drain() {
        replication.flush();
        List<Effect> batch = new ArrayList<>(outbox.size() + 1);
        boolean onlyEntries = !hardStateChanged && !snapshots.unsaved();
        if (snapshots.unsaved()) { // the disk starts over: the snapshot, then the log after its base, all of it
            long base = log.baseIndex();
            batch.add(new Effect.Persist(term, votedFor, base + 1, log.from(base + 1, Integer.MAX_VALUE),
                    new Effect.Compaction(snapshots.latest(), base, log.term(base))));
        } else if (hardStateChanged || logChangedFrom != Long.MAX_VALUE) {
            long from = Math.min(logChangedFrom, log.lastIndex() + 1);
            batch.add(new Effect.Persist(term, votedFor, from, log.from(from, Integer.MAX_VALUE)));
        }
        if (role == Role.LEADER && onlyEntries && !batch.isEmpty()) {
            for (Iterator<Effect> effects = outbox.iterator(); effects.hasNext(); ) {
                Effect effect = effects.next();
                if (effect instanceof Effect.Send send && send.message() instanceof AppendEntries) {
                    batch.add(batch.size() - 1, effect); // before the Persist: sent while it is forced
                    effects.remove();
                }
            }
        }
        // Broken with PERSIST_FIRST: the Persist goes last, so a crash can fall after a vote or an
        // acknowledgement has left and before what it promised is on disk.
        batch.addAll(config.breaks(Rule.PERSIST_FIRST) ? 0 : batch.size(), outbox);
        outbox.clear();
        snapshots.saved();
        hardStateChanged = false;
        logChangedFrom = Long.MAX_VALUE;
        return batch;
    }

    /** By the runtime's contract, the previous batch's Persist is forced before the next input. */
    private void begin() {
        if (logChangedFrom == Long.MAX_VALUE && !snapshots.unsaved()) {
            durableIndex = log.lastIndex();
        }
        if (config.breaks(Rule.MAJORITY_COMMIT) && role == Role.LEADER && durableIndex > commitIndex) {
            // FAILURE MODE (fixed by majority commit; broken with MAJORITY_COMMIT): the leader calls
            // an entry committed once it is in its own log, and answers the client; if it crashes
            // before a follower has it, the next leader never heard of the acknowledged write.
            commitIndex = durableIndex;
            apply();
        }
        if (role == Role.LEADER && durableIndex > commitIndex) {
            replication.advanceCommit(); // our own copy just became durable: in a group of one, that is the majority
        }
    }

    private void onAppendEntries(AppendEntries m) {
        if (m.term() < term && !config.breaks(Rule.APPEND_TERM_CHECK)) {
            send(new Appended(term, id, m.from(), false, log.lastIndex(), m.round(), disk));
            return;
        }
        if (!followLeader(m.from())) {
            return;
        }
        if (m.prevIndex() < log.baseIndex()) {
            AppendEntries after = afterBase(m);
            if (after == null) { // nothing past what we threw away, and all of that is committed, the leader's too
                send(new Appended(term, id, m.from(), true, log.baseIndex(), m.round(), disk));
                return;
            }
            m = after;
        }
        boolean matches = config.breaks(Rule.CONSISTENCY_CHECK) ? m.prevIndex() <= log.lastIndex()
                : log.matches(m.prevIndex(), m.prevTerm());
        if (!matches) {
            send(new Appended(term, id, m.from(), false, Math.min(log.lastIndex(), m.prevIndex() - 1), m.round(), disk));
            return;
        }
        for (Entry entry : m.entries()) {
            if (entry.index() <= log.lastIndex() && log.term(entry.index()) != entry.term()
                    && !config.breaks(Rule.TRUNCATE_CONFLICTS)) {
                truncateFrom(entry.index()); // a suffix no majority can hold: the leader's log wins
            }
            if (entry.index() > log.lastIndex()) {
                append(entry);
            }
        }
        long lastNew = m.prevIndex() + m.entries().size();
        if (config.breaks(Rule.KEEP_AGREEING_ENTRIES) && log.lastIndex() > lastNew) {
            truncateFrom(lastNew + 1); // a late, shorter message cuts entries that agree with the leader's
        }
        if (m.leaderCommit() > commitIndex) {
            // Only what this message vouched for: past lastNew, our log may still hold an old leader's entries.
            long vouched = config.breaks(Rule.COMMIT_BOUND) ? log.lastIndex() : lastNew;
            commitIndex = Math.max(commitIndex, Math.min(m.leaderCommit(), vouched));
            apply();
        }
        send(new Appended(term, id, m.from(), true, lastNew, m.round(), disk)); // leaves after the Persist
    }

    private void onInstallSnapshot(InstallSnapshot m) {
        if (m.term() < term) { // our term tells a deposed leader it is one
            send(new SnapshotReceived(term, id, m.from(), m.lastIndex(), 0, m.total(), disk));
            return;
        }
        if (followLeader(m.from())) {
            snapshots.receive(m);
        }
    }

    /** A message of our term from its leader: a candidate gives up, and no election starts for a while. */
    private boolean followLeader(String from) {
        if (role == Role.LEADER) {
            return false; // only reachable with a rule of terms broken: two leaders, and this one does not yield
        }
        if (role == Role.CANDIDATE) {
            becomeFollower(term, from);
        }
        leader = from;
        election.heardFromLeader();
        return true;
    }

    /**
     * The message without the entries up to our log's base: they are committed here, so the leader
     * holds them too (Leader Completeness), and our base's (index, term) is what they end with. Null
     * if it carries nothing past our base.
     */
    private AppendEntries afterBase(AppendEntries m) {
        long base = log.baseIndex();
        if (m.prevIndex() + m.entries().size() <= base) {
            return null;
        }
        List<Entry> after = m.entries().subList((int) (base - m.prevIndex()), m.entries().size());
        return new AppendEntries(m.term(), m.from(), m.to(), base, log.term(base), after, m.leaderCommit(), m.round());
    }

    /** In log order, each entry exactly once, and only what is committed (and still in our log). */
    void apply() {
        long upTo = config.breaks(Rule.APPLY_COMMITTED) ? log.lastIndex() : Math.min(commitIndex, log.lastIndex());
        while (lastApplied < upTo) {
            Entry entry = log.entry(++lastApplied);
            String result = entry.isCommand() ? machine.apply(entry.command()) : "";
            outbox.add(new Effect.Applied(entry, result));
            replication.applied(entry, result);
        }
        reads.applied();
        snapshots.maybeTake();
        membership.committed();
    }

    /** The state machine was replaced by the leader's snapshot (see {@link Snapshots}). */
    void installed(Snapshot snapshot) {
        outbox.add(new Effect.Installed(snapshot));
        reads.applied();
    }

    void becomeFollower(long newTerm, String newLeader) {
        if (newTerm != term) {
            term = newTerm;
            votedFor = null;
            hardStateChanged = true;
        }
        if (role == Role.LEADER) {
            replication.steppedDown();
            reads.steppedDown();
            snapshots.steppedDown();
        }
        if (role != Role.FOLLOWER) {
            election.resetTimeout();
        }
        role = Role.FOLLOWER;
        leader = newLeader;
    }

    void becomeLeader() {
        role = Role.LEADER;
        leader = id;
        replication.start();
    }

    void vote(String candidate) {
        votedFor = candidate;
        hardStateChanged = true;
    }

    void newTerm() {
        term = Math.addExact(term, 1); // never wraps around to a term every replica would refuse
        votedFor = id;
        hardStateChanged = true;
    }

    /** A round of AppendEntries to every follower (see {@link Replication}). */
    void broadcast() {
        replication.broadcast();
    }

    void append(Entry entry) {
        log.append(entry);
        logChangedFrom = Math.min(logChangedFrom, entry.index());
        membership.appended(entry);
    }

    private void truncateFrom(long index) {
        if (index <= commitIndex) {
            throw new IllegalStateException(id + " was about to cut committed entry " + log.entry(index));
        }
        log.truncateFrom(index);
        logChangedFrom = Math.min(logChangedFrom, index);
        membership.recompute(); // the members the cut entries named no longer count
    }

    void send(Message message) {
        outbox.add(new Effect.Send(message));
    }

    void reply(long requestId, Answer answer, String body) {
        outbox.add(new Effect.Reply(requestId, answer, body));
    }

    /** Alone in its group: its own vote and its own copy are a majority. */
    public boolean groupOfOne() {
        return peers().isEmpty();
    }

    /** Everyone this replica would send the log to if it led: the other voters and the learners. */
    List<String> peers() {
        return membership.current().others(id);
    }

    /** The other voters: whose votes and copies count. */
    List<String> voters() {
        return membership.current().voters().keySet().stream().filter(v -> !v.equals(id)).toList();
    }

    boolean isVoter() {
        return membership.current().isVoter(id);
    }

    int majority() {
        return membership.current().majority();
    }
}
