package org.birthofds.bank.replication;

import java.util.HashMap;
import java.util.Map;

/**
 * Exercise 5.5: a leader's lease, counted in the replica's own ticks. Every answer from a follower
 * in this term renews that follower's part of it; the lease holds while a majority (the leader
 * included) answered within {@link #ticks()}: half the shortest election timeout, so that a follower
 * that answered at the very end cannot have stood for election before the lease runs out, even if
 * its answer took the other half to arrive, or its clock ran fast.
 *
 * <p>And a follower keeps its side of the bargain: while it heard from a leader within that same
 * shortest timeout, it gives its vote to no one (Raft thesis, section 4.2.3). Without that, a
 * candidate the leader cannot reach could win the votes of followers the leader still counts.
 */
final class Lease {
    private final Replica replica;
    private final Map<String, Long> answeredAt = new HashMap<>();
    private long now;
    private long heardFromLeaderAt = Long.MIN_VALUE / 2;

    Lease(Replica replica) {
        this.replica = replica;
    }

    void tick() {
        now++;
    }

    /** A follower answered this leader, in this term. */
    void answered(String follower) {
        answeredAt.put(follower, now);
    }

    /** This replica, as a follower, heard from its leader. */
    void heardFromLeader() {
        heardFromLeaderAt = now;
    }

    void newLeadership() {
        answeredAt.clear();
    }

    boolean holds() {
        long fresh = (replica.isVoter() ? 1 : 0) + replica.voters().stream().filter(p -> now - answeredAt.getOrDefault(p, Long.MIN_VALUE / 2) < ticks())
                .count();
        return fresh >= replica.majority();
    }

    /** Whether a vote must be refused: a leader was heard from too lately for any election to be needed. */
    boolean leaderStillHeard() {
        return now - heardFromLeaderAt < replica.config.electionTicksMin();
    }

    private long ticks() {
        return replica.config.electionTicksMin() / 2;
    }
}
