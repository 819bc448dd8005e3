package org.birthofds.bank.replication;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;

/**
 * The leader's side of log replication: it sends each follower what it misses (backing off to
 * where their logs match), counts the durable copies of each entry to learn what is committed, and
 * holds the client's write until its entry is applied. All of this is one term's leadership:
 * it starts afresh at each election won and is dropped on stepping down.
 *
 * <p>Fast, as production Raft is. Every write appended while the runtime gathers a batch of inputs
 * goes to each follower in one AppendEntries ({@link #flush}). And once a follower has said its log
 * matches, the leader pipelines: it sends the next entries without waiting for the last to be
 * acknowledged, as etcd's raft does in its "replicate" state. A message lost on the way shows up as
 * a refusal (the next one does not match), which sends the follower back to probing, one message
 * at a time, from where its log matches.
 */
final class Replication {
    private final Replica replica;
    private final Map<String, Long> nextIndex = new LinkedHashMap<>();
    private final Map<String, Long> matchIndex = new LinkedHashMap<>();
    private final Set<String> probing = new HashSet<>(); // not yet known to match: no pipelining to them
    private final Map<Long, Pending> pendingWrites = new TreeMap<>();
    private final Map<String, Long> lastHeard = new LinkedHashMap<>(); // exercise 5.4: the tick of each follower's last answer
    private int heartbeatElapsed;
    private long ticks;
    private long ledSince;
    private boolean broadcastDue;

    private record Pending(long term, long requestId) {
    }

    Replication(Replica replica) {
        this.replica = replica;
    }

    /** Just elected: nothing is known of the followers' logs but that they may match ours. */
    void start() {
        heartbeatElapsed = 0;
        ledSince = ticks;
        nextIndex.clear();
        matchIndex.clear();
        probing.clear();
        membersChanged();
        lastHeard.clear();
        // A no-op of our own term: committing it commits every older entry we hold, tells us our
        // commit index, and so lets reads start (Raft section 8).
        replica.append(new Entry(replica.term, replica.log.lastIndex() + 1, ""));
        broadcast();
    }

    void tick() {
        ticks++;
        if (replica.config.checkQuorum() && !quorumHeardFrom()) {
            // Exercise 5.4, check quorum: no majority has answered for an election timeout, so another leader may
            // well have been elected by now; stop taking writes that could never commit, and say so.
            replica.becomeFollower(replica.term, null);
            return;
        }
        if (++heartbeatElapsed >= replica.config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            replica.snapshots.heartbeat();
            broadcast();
        }
    }

    /** Whether a majority of the voters, this leader included, was heard from within the shortest election timeout. */
    private boolean quorumHeardFrom() {
        long window = replica.config.electionTicksMin();
        if (ticks - ledSince < window) {
            return true; // just elected: the votes were the last word from a majority
        }
        long heard = (replica.isVoter() ? 1 : 0)
                + replica.voters().stream().filter(v -> ticks - lastHeard.getOrDefault(v, ledSince) < window).count();
        return heard >= replica.majority();
    }

    void propose(long requestId, String command) {
        pendingWrites.put(replica.log.lastIndex() + 1, new Pending(replica.term, requestId)); // before it can commit
        appendOwn(command);
    }

    /** An entry of this leader's own, answered to no one, sent with the batch it came in ({@link #flush}). */
    void appendOwn(String command) {
        replica.append(new Entry(replica.term, replica.log.lastIndex() + 1, command));
        broadcastDue = true;
    }

    /**
     * The end of a batch of inputs: the entries appended during it go to each follower together, in
     * one AppendEntries, not one message per write.
     */
    void flush() {
        if (broadcastDue && replica.role == Role.LEADER) {
            broadcast();
        }
        broadcastDue = false;
    }

    void receive(Appended m) {
        // An acknowledgement of a past term says what a follower held for an older leader's log,
        // which may have been cut back since (broken with PAST_TERM_REPLIES).
        if (replica.role != Role.LEADER || (m.term() != replica.term && !replica.config.breaks(Rule.PAST_TERM_REPLIES))) {
            return;
        }
        replica.reads.acknowledged(m.from(), m.round());
        lastHeard.put(m.from(), ticks);
        long next = nextIndex.get(m.from());
        if (m.success()) {
            probing.remove(m.from()); // its log matches ours up to match: pipeline from here on
            long match = Math.max(matchIndex.get(m.from()), m.matchIndex());
            matchIndex.put(m.from(), match);
            nextIndex.put(m.from(), Math.max(next, match + 1));
            advanceCommit();
            if (nextIndex.get(m.from()) <= replica.log.lastIndex()) {
                sendAppend(m.from());
            }
        } else {
            probing.add(m.from()); // a lost or refused message: one at a time until its log matches again
            long backedOff = Math.min(next - 1, m.matchIndex() + 1);
            nextIndex.put(m.from(), Math.max(matchIndex.get(m.from()) + 1, Math.max(1, backedOff)));
            sendAppend(m.from());
        }
    }

    /**
     * Committed: on a majority's disks, counting our own durable copy. Only an entry of the
     * current term is committed by counting (the paper's figure 8: an old-term entry on a majority
     * can still be overwritten); older entries commit with it, by the Log Matching property.
     */
    void advanceCommit() {
        Log log = replica.log;
        for (long n = log.lastIndex(); n > replica.commitIndex; n--) {
            // FAILURE MODE (fixed by Raft's commit rule; broken with OWN_TERM_COMMIT): an entry
            // of an older term is committed once a majority holds it, and applied; but a candidate
            // whose last entry has a newer term can still win without it, and overwrite it
            // everywhere (the Raft paper's figure 8).
            boolean countable = log.term(n) == replica.term || replica.config.breaks(Rule.OWN_TERM_COMMIT);
            if (!countable) {
                break;
            }
            int copies = replica.isVoter() && replica.durableIndex >= n ? 1 : 0; // a leader leaving counts no more
            for (String voter : replica.voters()) {
                copies += matchIndex.getOrDefault(voter, 0L) >= n ? 1 : 0; // a learner's copy counts for nothing yet
            }
            if (copies >= replica.majority()) {
                replica.commitIndex = n;
                replica.apply();
                return;
            }
        }
    }

    /** The entry at {@code index} was applied: answer the write that proposed it, if it was ours. */
    void applied(Entry entry, String result) {
        Pending pending = pendingWrites.remove(entry.index());
        if (pending != null) {
            boolean ours = pending.term() == entry.term();
            replica.reply(pending.requestId(), ours ? Answer.OK : Answer.UNKNOWN, ours ? result : "");
        }
    }

    void steppedDown() {
        // Entries we wrote may still commit under the next leader: the client cannot be told either way.
        pendingWrites.values().forEach(p -> replica.reply(p.requestId(), Answer.UNKNOWN, ""));
        pendingWrites.clear();
    }

    void broadcast() {
        broadcastDue = false;
        for (String peer : replica.peers()) {
            sendAppend(peer);
        }
    }

    /** The members changed: a new one is sent the log from where ours ends (backing off from there), a former one nothing. */
    void membersChanged() {
        for (String peer : replica.peers()) {
            if (nextIndex.putIfAbsent(peer, replica.log.lastIndex() + 1) == null) {
                probing.add(peer); // nothing known of its log yet
            }
            matchIndex.putIfAbsent(peer, 0L);
        }
        nextIndex.keySet().retainAll(replica.peers());
        matchIndex.keySet().retainAll(replica.peers());
        probing.retainAll(replica.peers());
    }

    long matchIndex(String peer) {
        return matchIndex.getOrDefault(peer, 0L);
    }

    /** The voter whose log goes furthest: the one a leaving leader hands over to. */
    String furthestVoter() {
        String best = null;
        for (String voter : replica.voters()) {
            if (best == null || matchIndex(voter) > matchIndex(best)) {
                best = voter;
            }
        }
        return best;
    }

    /** A follower that holds the log up to {@code index} through a snapshot: entries go on from there. */
    void installed(String peer, long index) {
        probing.remove(peer);
        matchIndex.merge(peer, index, Math::max);
        nextIndex.merge(peer, index + 1, Math::max);
        advanceCommit();
        sendAppend(peer);
    }

    /** What {@code peer} misses next: entries, or a piece of the snapshot if we no longer hold them. */
    void sendAppend(String peer) {
        long prev = nextIndex.get(peer) - 1;
        if (prev < replica.log.baseIndex()) {
            replica.snapshots.send(peer); // what it needs next is thrown away here: it gets the state instead
            return;
        }
        List<Entry> entries = replica.log.from(prev + 1, replica.config.maxEntriesPerMessage());
        replica.send(new AppendEntries(replica.term, replica.id, peer, prev, replica.log.term(prev), entries,
                replica.commitIndex, replica.reads.round()));
        if (!entries.isEmpty() && !probing.contains(peer)) {
            nextIndex.put(peer, entries.get(entries.size() - 1).index() + 1); // pipelined: the next message starts after this one
        }
    }
}
