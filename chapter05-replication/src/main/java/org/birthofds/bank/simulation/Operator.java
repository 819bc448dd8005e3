package org.birthofds.bank.simulation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Members.Change;

/**
 * The person, or the script, who changes a group's machines, as the launcher's {@code replace}
 * does: one change of members at a time, each asked of whoever leads the group and asked again
 * until it is done (a change refused, lost, or of unknown outcome is tried again; one already in
 * effect is skipped, so asking twice does no harm). Only for the simulator: it knows who leads
 * by looking, as an operator reads the live page.
 */
final class Operator {
    static final String ID = "operator";
    private static final long EVERY_MS = 50;
    private static final long GIVE_UP_MS = 400;

    private final Simulator sim;
    private final Cluster cluster;
    private final Network network;
    private final Deque<BooleanSupplier> plan = new ArrayDeque<>(); // each step: true once done
    private long waitingFor = -1;
    private long askedAt;
    private boolean ticking;

    Operator(Simulator sim, Cluster cluster, Network network) {
        this.sim = sim;
        this.cluster = cluster;
        this.network = network;
    }

    /** A machine of {@code group} is gone for good: a new one joins, catches up, becomes a voter, and the old one is removed. */
    void replace(String group, String dead) {
        Node old = cluster.node(dead);
        if (old == null || old.retired) {
            return;
        }
        cluster.retire(old);
        Node fresh = cluster.addNode(group);
        sim.mark("replace " + dead + " with " + fresh.id);
        enqueue(change(group, Change.addLearner(fresh.id, "")), change(group, Change.promote(fresh.id)),
                change(group, Change.remove(dead)));
    }

    /** One more voter: a new machine joins and is promoted. */
    void grow(String group) {
        enqueue(() -> {
            Node fresh = cluster.addNode(group);
            sim.mark("add " + fresh.id + " to " + group);
            plan.addFirst(change(group, Change.promote(fresh.id)));
            plan.addFirst(change(group, Change.addLearner(fresh.id, "")));
            return true; // done: the two changes it queued come next
        });
    }

    /** One voter fewer, the leader perhaps, who then hands over. */
    void remove(String group, String id) {
        sim.mark("remove " + id + " from " + group);
        enqueue(change(group, Change.remove(id)));
    }

    /**
     * The single-server change bug reported on raft-dev in 2015, staged on a group of three: a
     * fourth voter and a learner X are added; leader A promotes X and is cut off with it at once,
     * so only X holds that change; B is elected by the other two, C and D, and as it wins it is cut
     * off with C alone, and asked to remove D, who never hears of B's term. With the rule in place,
     * B refuses until an entry of its own term is committed, which it cannot be without A or D.
     * Without it, B and C commit B's change and what follows; A, back with D and X (three of its
     * five), is elected again, and overwrites it all.
     */
    void raftDev2015(String group) {
        if (cluster.members(group).size() != 3) {
            return; // staged for a group of three grown to four
        }
        grow(group);
        String x = group + "n5";
        enqueue(() -> {
            cluster.addNode(group);
            plan.addFirst(change(group, Change.addLearner(x, "")));
            return true;
        });
        enqueue(() -> promoteAndCutOff(group, x));
    }

    private boolean promoteAndCutOff(String group, String x) {
        if (sim.healed()) {
            return true; // too late: after the heal nothing more may fail
        }
        Node a = cluster.leader(group);
        if (a == null || !a.replica.membersCommitted() || !a.replica.members().learners().containsKey(x)) {
            return false;
        }
        sim.changeMembers(ID, a.id, Change.promote(x));
        if (!a.up || !a.replica.members().isVoter(x)) {
            return false; // not caught up yet: again at the next tick
        }
        sim.mark("raft-dev 2015: " + a.id + " promoted " + x + "; cut off with it");
        network.partition(List.of(a.id, x), List.of(), cluster.replicaIds());
        cluster.onNextLeader(group, b -> {
            if (sim.healed()) {
                return;
            }
            List<String> others = new ArrayList<>(b.replica.members().voters().keySet());
            others.removeAll(List.of(a.id, x, b.id));
            String c = others.get(0);
            String d = others.get(1);
            sim.mark("raft-dev 2015: " + b.id + " won; cut off with " + c + "; asked to remove " + d);
            network.partition(List.of(b.id, c), List.of(a.id, x, d), cluster.replicaIds());
            enqueue(change(group, Change.remove(d)));
        });
        return true;
    }

    /**
     * A disk lost, and its machine started again at once on an empty one under its old id: the
     * mistake a group must survive, staged on a group of three where it bites. Follower X is cut off
     * while the others commit, so only leader L and follower W hold the newest entries; then L
     * crashes and W comes back empty. W has forgotten the entries and its vote: were its vote taken,
     * X, behind, would be elected and overwrite what the group committed. The group knows W by its
     * old disk and refuses it, so nobody leads until L is back; then W is replaced, as it must be.
     */
    void loseDisk(String group) {
        enqueue(() -> cutOffAndLoseDisk(group));
    }

    private boolean cutOffAndLoseDisk(String group) {
        if (sim.healed()) {
            return true;
        }
        Node l = cluster.leader(group);
        if (l == null || !l.replica.membersCommitted()) {
            return false;
        }
        Members members = l.replica.members();
        if (members.voters().size() != 3 || !members.learners().isEmpty()) {
            return true; // staged for a group of three
        }
        if (!members.disks().keySet().containsAll(members.voters().keySet())) {
            return false; // the group has not written down every voter's disk yet
        }
        List<String> followers = new ArrayList<>(members.voters().keySet());
        followers.remove(l.id);
        String x = followers.get(0);
        String w = followers.get(1);
        sim.mark("lost disk: " + x + " cut off while " + l.id + " and " + w + " commit");
        network.partition(List.of(x), List.of(), cluster.replicaIds());
        sim.after(400, () -> {
            if (sim.healed()) {
                return;
            }
            sim.mark("lost disk: " + l.id + " crashes; " + w + " comes back on an empty disk; " + x + " rejoins");
            network.heal();
            cluster.crash(l.id, false);
            cluster.wipe(cluster.node(w));
            sim.after(600, () -> cluster.restart(l.id));
            sim.after(1200, () -> {
                if (!sim.healed()) {
                    replace(group, w);
                }
            });
        });
        return true;
    }

    private BooleanSupplier change(String group, Change change) {
        return () -> {
            Node leader = cluster.leader(group);
            if (leader == null) {
                return false;
            }
            if (done(change, leader.replica.members()) && leader.replica.membersCommitted()) {
                sim.log(ID, "done: " + change);
                waitingFor = -1;
                return true;
            }
            if (waitingFor < 0 || sim.now() - askedAt > GIVE_UP_MS) {
                waitingFor = sim.changeMembers(ID, leader.id, change);
                askedAt = sim.now();
            }
            return false;
        };
    }

    private void enqueue(BooleanSupplier... steps) {
        plan.addAll(List.of(steps));
        if (!ticking) {
            ticking = true;
            sim.after(0, this::tick);
        }
    }

    private void tick() {
        while (!plan.isEmpty()) {
            BooleanSupplier step = plan.peek();
            if (!step.getAsBoolean()) {
                break;
            }
            plan.remove(step); // not poll: a step may queue steps of its own in front of it
        }
        if (plan.isEmpty()) {
            ticking = false;
            return;
        }
        sim.after(EVERY_MS, this::tick);
    }

    /** What came of a change: whatever it says, the next tick looks at the members again. */
    void onReply(Effect.Reply reply) {
        if (reply.requestId() == waitingFor) {
            waitingFor = -1;
            if (reply.answer() == Answer.REFUSED) {
                sim.log(ID, "refused: " + reply.body());
            }
        }
    }

    /** In effect, as the leader's log says it (the caller checks that it is committed too). */
    private static boolean done(Change change, Members members) {
        String id = change.id();
        return switch (change.kind()) {
            case ADD_LEARNER -> members.contains(id);
            case PROMOTE -> members.isVoter(id);
            case REMOVE -> !members.contains(id);
        };
    }
}
