package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The schedule's faults as they strike: crashes and restarts of replicas and logic nodes,
 * partitions, and the two armed kinds, which wait for a cross-shard transfer to reach their point
 * of the protocol (the moments chapter 4's ShardDownTest and CoordinatorCrashTest kill a JVM at).
 */
final class Faults {
    private final Simulator sim;
    private final Cluster cluster;
    private final Network network;
    private final Map<String, LogicNode> logic;
    private final Operator operator;
    private boolean coordinatorArmed;
    private boolean payerLeaderArmed;
    private long pauseArmed = -1;

    Faults(Simulator sim, Cluster cluster, Network network, Map<String, LogicNode> logic, Operator operator) {
        this.sim = sim;
        this.cluster = cluster;
        this.network = network;
        this.logic = logic;
        this.operator = operator;
    }

    void strike(Fault fault) {
        String text = fault.toString();
        sim.mark(text.substring(text.indexOf(' ') + 1));
        switch (fault.kind()) {
            case CRASH -> {
                if (cluster.isReplica(fault.nodes().get(0))) {
                    cluster.crash(fault.nodes().get(0), false);
                } else {
                    logic.get(fault.nodes().get(0)).crash();
                }
            }
            case CRASH_TORN -> cluster.tearNextWrite(fault.nodes().get(0));
            case RESTART -> {
                if (cluster.isReplica(fault.nodes().get(0))) {
                    cluster.restart(fault.nodes().get(0));
                } else {
                    logic.get(fault.nodes().get(0)).restart();
                }
            }
            case CRASH_LEADER -> cluster.crashLeader(fault.group());
            case PARTITION -> network.partition(fault.nodes(), fault.others(), cluster.replicaIds());
            case ISOLATE_LEADER -> {
                Node leader = cluster.leader(fault.group());
                if (leader != null) {
                    List<String> side = new ArrayList<>(fault.nodes());
                    side.add(leader.id);
                    network.partition(side, fault.others(), cluster.replicaIds());
                }
            }
            case HEAL -> network.heal();
            case CRASH_MID_BATCH -> cluster.crashMidBatch(cluster.node(fault.nodes().get(0)));
            case CRASH_LEADER_MID_BATCH -> cluster.crashMidBatch(cluster.leader(fault.group()));
            case PAUSE -> cluster.pause(cluster.node(fault.nodes().get(0)), fault.millis());
            case RESTART_GROUP -> cluster.restartGroup(fault.group());
            case CRASH_LEADER_ON_COMMIT -> cluster.crashLeaderOnCommit(fault.group());
            case CRASH_NEXT_LEADER_ON_ELECTION -> cluster.crashNextLeaderOnElection(fault.group());
            case CRASH_NEXT_VOTER -> cluster.crashNextVoter(fault.group());
            case STALL -> network.stall(fault.nodes().get(0), sim.now() + fault.millis());
            case PAUSE_LEADER -> cluster.pause(cluster.leader(fault.group()), fault.millis());
            case CRASH_COORDINATOR -> coordinatorArmed = true;
            case CRASH_PAYER_LEADER -> payerLeaderArmed = true;
            case PAUSE_COORDINATOR -> pauseArmed = fault.millis();
            case CRASH_ON_COMPACTION -> cluster.crashOnCompaction(fault.group(), fault.millis());
            case REPLACE_FOLLOWER, REPLACE_LEADER -> {
                Node leader = cluster.leader(fault.group());
                List<String> followers = cluster.members(fault.group()).stream()
                        .filter(id -> leader == null || !id.equals(leader.id)).toList();
                String dead = fault.kind() == Fault.Kind.REPLACE_LEADER && leader != null ? leader.id
                        : followers.get((int) (fault.millis() % followers.size()));
                operator.replace(fault.group(), dead);
            }
            case GROW -> operator.grow(fault.group());
            case RAFT_DEV_2015 -> operator.raftDev2015(fault.group());
            case LOSE_DISK -> operator.loseDisk(fault.group());
            case REMOVE_LEADER -> {
                Node leader = cluster.leader(fault.group());
                if (leader != null) {
                    operator.remove(fault.group(), leader.id);
                }
            }
        }
    }

    /** The coordinator's and the payer leader's armed faults not yet struck are called off: after healing, nothing fails. */
    void disarm() {
        coordinatorArmed = false;
        payerLeaderArmed = false;
        pauseArmed = -1;
    }

    /**
     * Called by a coordinator holding both the record and the intent, before it sends the decision:
     * how long it stalls first, or -1 if it has just been crashed.
     */
    long beforeDecision(LogicNode node, String tx) {
        if (coordinatorArmed) {
            coordinatorArmed = false;
            sim.mark("crash " + node.id + ", the coordinator of " + tx + ", between its intent and its decision");
            node.crash();
            return -1;
        }
        long pause = pauseArmed;
        if (pause >= 0) {
            pauseArmed = -1;
            sim.mark("pause " + node.id + ", the coordinator of " + tx + ", " + pause + " ms before its decision");
        }
        return Math.max(0, pause);
    }

    /** Called when a coordinator learns that its record is prepared, PENDING, in the payer's group. */
    void prepared(String payerGroup, String tx) {
        if (payerLeaderArmed) {
            payerLeaderArmed = false;
            String leader = cluster.crashLeader(payerGroup);
            sim.mark("crash " + leader + ", the leader of payer group " + payerGroup + ", right after it prepared " + tx);
        }
    }
}
