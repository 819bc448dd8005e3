package org.birthofds.bank.replication;

import java.util.HashSet;
import java.util.Set;
import org.birthofds.bank.replication.Message.PreVote;
import org.birthofds.bank.replication.Message.PreVoteAnswer;
import org.birthofds.bank.replication.Message.RequestVote;
import org.birthofds.bank.replication.Message.Vote;
import org.birthofds.bank.replication.Message.VoteMessage;

/**
 * Leader election: a follower that hears no leader for a randomized timeout stands for the next
 * term, and wins with a majority of votes. Randomized, so that two candidates rarely split the
 * vote twice in a row; one vote per term per replica, forced to disk before it is sent, so no
 * term ever has two leaders; and only for a log at least as up to date as the voter's, so the
 * winner holds every committed entry (Raft's election restriction, section 5.4.1).
 *
 * <p>Exercise 5.1, pre-vote (Raft thesis, section 9.6): a timed-out follower first asks whether it
 * could win, without raising its term. Only with a majority of yeses does it stand for real. A
 * node cut off from the others never gets them, so its term stays put, and when it is back it
 * follows the leader it finds instead of deposing it.
 */
final class Election {
    private final Replica replica;
    private final Set<String> votes = new HashSet<>();
    private final Set<String> preVotes = new HashSet<>();
    private boolean asking;
    private int elapsed;
    private int timeout;

    Election(Replica replica) {
        this.replica = replica;
        resetTimeout();
    }

    void tick() {
        if (++elapsed >= timeout && replica.isVoter()) { // a learner, or a replica removed, never stands
            askFirst();
        }
    }

    void heardFromLeader() {
        elapsed = 0;
        asking = false;
    }

    void resetTimeout() {
        elapsed = 0;
        Config config = replica.config;
        timeout = config.electionTicksMin() + replica.random.nextInt(config.electionTicksMax() - config.electionTicksMin() + 1);
    }

    void receive(VoteMessage message) {
        if (message instanceof RequestVote request) {
            onRequestVote(request);
        } else if (message instanceof Vote vote) {
            onVote(vote);
        } else if (message instanceof PreVote ask) {
            onPreVote(ask);
        } else if (message instanceof PreVoteAnswer answer) {
            onPreVoteAnswer(answer);
        }
    }

    private void askFirst() {
        resetTimeout();
        asking = true;
        preVotes.clear();
        preVotes.add(replica.id);
        if (preVotes.size() >= replica.majority()) {
            asking = false;
            campaign();
            return;
        }
        for (String peer : replica.voters()) {
            replica.send(new PreVote(replica.term, replica.id, peer, replica.log.lastIndex(), replica.log.lastTerm()));
        }
    }

    private void onPreVote(PreVote m) {
        // A leader we heard from within the shortest election timeout is alive: no reason to replace it.
        boolean leaderAlive = replica.role == Role.LEADER
                || (replica.leader != null && elapsed < replica.config.electionTicksMin());
        boolean upToDate = replica.config.breaks(Rule.UP_TO_DATE_VOTE) || replica.log.upToDate(m.lastLogTerm(), m.lastLogIndex());
        boolean granted = m.term() >= replica.term && !leaderAlive && upToDate;
        replica.send(new PreVoteAnswer(replica.term, replica.id, m.from(), granted)); // nothing changes: nothing to persist
    }

    private void onPreVoteAnswer(PreVoteAnswer m) {
        if (!asking || replica.role == Role.LEADER || m.term() != replica.term || !m.granted()) {
            return;
        }
        if (!replica.members().isVoter(m.from())) {
            return; // only voters' answers count
        }
        preVotes.add(m.from());
        if (preVotes.size() >= replica.majority()) {
            asking = false;
            campaign();
        }
    }


    /** Stand for the next term; package-private for the scripted tests, whose replicas stand on cue. */
    void campaign() {
        asking = false;
        replica.newTerm();
        replica.role = Role.CANDIDATE;
        replica.leader = null;
        votes.clear();
        votes.add(replica.id);
        resetTimeout();
        if (votes.size() >= replica.majority()) {
            replica.becomeLeader();
            return;
        }
        for (String peer : replica.voters()) {
            replica.send(new RequestVote(replica.term, replica.id, peer, replica.log.lastIndex(), replica.log.lastTerm(),
                    replica.disk));
        }
    }

    private void onRequestVote(RequestVote m) {
        Config config = replica.config;
        boolean current = m.term() == replica.term || config.breaks(Rule.VOTE_TERM_CHECK);
        boolean free = replica.votedFor == null || replica.votedFor.equals(m.from()) || config.breaks(Rule.ONE_VOTE_PER_TERM);
        // FAILURE MODE (fixed by the election restriction; broken with UP_TO_DATE_VOTE): a candidate
        // missing committed entries wins, and its log overwrites them on the followers.
        boolean upToDate = config.breaks(Rule.UP_TO_DATE_VOTE) || replica.log.upToDate(m.lastLogTerm(), m.lastLogIndex());
        boolean granted = current && replica.role == Role.FOLLOWER && free && upToDate;
        if (granted) {
            replica.vote(m.from()); // forced before the Vote leaves: a crash cannot make us vote twice
            elapsed = 0;
        }
        long answeredIn = config.breaks(Rule.VOTE_TERM_CHECK) ? m.term() : replica.term;
        replica.send(new Vote(answeredIn, replica.id, m.from(), granted, replica.disk));
    }

    private void onVote(Vote m) {
        boolean current = m.term() == replica.term || replica.config.breaks(Rule.PAST_TERM_REPLIES);
        if (replica.role != Role.CANDIDATE || !current || !m.granted() || !replica.members().isVoter(m.from())) {
            return; // only voters' votes count
        }
        votes.add(m.from());
        if (votes.size() >= replica.majority()) {
            replica.becomeLeader();
        }
    }
}
