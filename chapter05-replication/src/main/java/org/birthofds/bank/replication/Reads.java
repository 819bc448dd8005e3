package org.birthofds.bank.replication;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.replication.Effect.Answer;

/**
 * Linearizable reads by read index (Raft thesis, section 6.4): a leader may be deposed without
 * knowing it, so before answering it (1) notes its commit index, (2) checks that a majority
 * still follows it in this term, by a heartbeat round they echo, and (3) waits until it has
 * applied up to the noted index. Any write acknowledged before the read began is then in what
 * it answers from. A new leader first waits for its no-op to commit: until then it does not know
 * the commit index.
 */
final class Reads {
    private final Replica replica;
    private final List<Read> waiting = new ArrayList<>(); // until an entry of our term commits
    private final List<Read> pending = new ArrayList<>();
    private final Map<String, Long> acked = new LinkedHashMap<>();
    private long round;

    private static final class Read {
        final long requestId;
        final String query;
        long readIndex;
        long round;

        Read(long requestId, String query) {
            this.requestId = requestId;
            this.query = query;
        }
    }

    Reads(Replica replica) {
        this.replica = replica;
    }

    long round() {
        return round;
    }

    void read(long requestId, String query) {
        if (replica.role != Role.LEADER) {
            replica.reply(requestId, Answer.NOT_LEADER, replica.leader == null ? "" : replica.leader);
            return;
        }
        Read read = new Read(requestId, query);
        // A new leader's commit index is what it heard as a follower, and may miss writes its
        // predecessor acknowledged: it knows better once an entry of its own term commits
        // (broken with READ_NOOP).
        if (replica.log.term(replica.commitIndex) != replica.term && !replica.config.breaks(Rule.READ_NOOP)) {
            waiting.add(read);
            return;
        }
        start(read);
    }

    /** Each read starts its own round: one heartbeat to every follower, per read. */
    private void start(Read read) {
        read.readIndex = replica.commitIndex;
        read.round = ++round;
        pending.add(read);
        replica.broadcast();
        answerReady();
    }

    void acknowledged(String follower, long echoed) {
        acked.merge(follower, echoed, Math::max);
        answerReady();
    }

    void applied() {
        if (replica.role == Role.LEADER && !waiting.isEmpty() && replica.log.term(replica.commitIndex) == replica.term) {
            List<Read> ready = new ArrayList<>(waiting);
            waiting.clear();
            ready.forEach(this::start);
        }
        answerReady();
    }

    void steppedDown() {
        for (Read read : waiting) {
            replica.reply(read.requestId, Answer.NOT_LEADER, "");
        }
        for (Read read : pending) {
            replica.reply(read.requestId, Answer.NOT_LEADER, "");
        }
        waiting.clear();
        pending.clear();
        acked.clear();
    }

    private void answerReady() {
        if (replica.role != Role.LEADER) {
            return;
        }
        long confirmed = confirmedRound();
        for (Iterator<Read> it = pending.iterator(); it.hasNext(); ) {
            Read read = it.next();
            // FAILURE MODE (fixed by the read index; broken with READ_HEARTBEAT): a leader cut off
            // from the others still believes it leads, and answers from a state that misses writes
            // a new leader has acknowledged since.
            boolean stillLeads = read.round <= confirmed || replica.config.breaks(Rule.READ_HEARTBEAT);
            if (stillLeads && read.readIndex <= replica.lastApplied) {
                replica.reply(read.requestId, Answer.OK, replica.machine.read(read.query));
                it.remove();
            }
        }
    }

    /** The highest round a majority (counting ourselves) has echoed in this term. */
    private long confirmedRound() {
        List<Long> rounds = new ArrayList<>();
        if (replica.isVoter()) {
            rounds.add(round);
        }
        for (String peer : replica.voters()) {
            rounds.add(acked.getOrDefault(peer, 0L));
        }
        rounds.sort((a, b) -> Long.compare(b, a));
        return rounds.get(replica.majority() - 1);
    }
}
