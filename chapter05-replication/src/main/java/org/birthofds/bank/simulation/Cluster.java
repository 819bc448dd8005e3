package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.birthofds.bank.ledger.Ledger;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.replication.Role;
import org.birthofds.bank.replication.Status;
import org.birthofds.bank.shard.Ring;

/**
 * The data side: one Raft group per shard ("s1n1".."s1n3" hold s1), each replica on its own
 * simulated disk, replaying its group's log into a {@link Ledger} of the accounts the ring places
 * in that group. Chapter 4's shard was one machine; here a shard is a group, so losing one
 * machine of it loses neither its accounts nor the decisions in its log.
 */
final class Cluster {
    private final Simulator sim;
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Random crashes;
    private final Map<String, long[]> leaderCrashed = new LinkedHashMap<>(); // group -> {time, term}
    final List<Long> electionDelays = new ArrayList<>();
    int elections;
    long messages;

    Cluster(Simulator sim, Options options, Ring ring) {
        this.sim = sim;
        this.crashes = new Random(sim.seed() ^ 0xC0FFEEL);
        for (String group : options.groupIds()) {
            List<String> accounts = options.accounts().stream().filter(a -> ring.shardFor(a).equals(group)).toList();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= options.replicas(); i++) {
                String id = group + "n" + i;
                ids.add(id);
                nodes.put(id, new Node(id, group, accounts));
            }
            members.put(group, List.copyOf(ids));
        }
    }

    List<String> groupIds() {
        return List.copyOf(members.keySet());
    }

    List<String> members(String group) {
        return members.get(group);
    }

    List<String> replicaIds() {
        return List.copyOf(nodes.keySet());
    }

    boolean isReplica(String id) {
        return nodes.containsKey(id);
    }

    void startAll(Random phases) {
        nodes.values().forEach(node -> start(node, phases.nextInt(Simulator.TICK_MS)));
    }

    void receive(String to, Message message) {
        step(nodes.get(to), replica -> replica.receive(message));
    }

    void request(String to, Simulator.Request request) {
        step(nodes.get(to), replica -> {
            if (request.read()) {
                replica.read(request.id(), request.text());
            } else {
                replica.propose(request.id(), request.text());
            }
        });
    }

    List<Status> statuses() {
        List<Status> statuses = new ArrayList<>();
        for (Node node : nodes.values()) {
            statuses.add(node.up ? node.replica.status() : new Status(node.id, Role.FOLLOWER, -1, -1, -1, "(down)"));
        }
        return statuses;
    }

    /** Whoever leads {@code group} in the highest term, among the replicas that are up. */
    Node leader(String group) {
        Node best = null;
        for (String id : members.get(group)) {
            Node node = nodes.get(id);
            if (node.up && node.replica.status().role() == Role.LEADER
                    && (best == null || node.replica.status().term() > best.replica.status().term())) {
                best = node;
            }
        }
        return best;
    }

    /** Every group leads, and its leader's ledger holds no PENDING record or intent: nothing left in doubt. */
    long unsettled() {
        long count = 0;
        for (String group : members.keySet()) {
            Node leader = leader(group);
            count += leader == null ? 1 : leader.ledger.unsettled();
        }
        return count;
    }

    long committedWrites() {
        long count = 0;
        for (List<String> ids : members.values()) {
            Node most = null;
            for (String id : ids) {
                Node node = nodes.get(id);
                if (node.up && (most == null || node.replica.status().commitIndex() > most.replica.status().commitIndex())) {
                    most = node;
                }
            }
            for (long i = 1; most != null && i <= Math.min(most.replica.status().commitIndex(), most.replica.status().lastLogIndex()); i++) {
                count += most.replica.entry(i).isNoop() ? 0 : 1;
            }
        }
        return count;
    }

    void crash(String id, boolean torn) {
        crash(nodes.get(id), torn);
    }

    void tearNextWrite(String id) {
        nodes.get(id).tearNextWrite = true;
    }

    /** Crashes the group's leader, if it has one now; returns its id, or null. */
    String crashLeader(String group) {
        Node leader = leader(group);
        if (leader == null) {
            return null;
        }
        crash(leader, false);
        return leader.id;
    }

    void restart(String id) {
        Node node = nodes.get(id);
        if (!node.up) {
            start(node, 0);
            sim.log(node.id, "restarted (incarnation " + node.incarnation + ") at term "
                    + node.replica.status().term() + " with " + node.replica.status().lastLogIndex() + " entries");
        }
    }

    void restartAll() {
        nodes.keySet().forEach(this::restart);
    }

    private void start(Node node, long phase) {
        node.incarnation++;
        node.ledger = new Ledger(node.accounts);
        node.replica = new Replica(node.id, members.get(node.group).stream().filter(id -> !id.equals(node.id)).toList(),
                sim.options().config(), node.disk.recover(), node.ledger,
                new Random(sim.seed() * 1_000_003L + node.id.hashCode() * 131L + node.incarnation));
        node.up = true;
        node.seenRole = Role.FOLLOWER;
        node.seenTerm = node.replica.status().term();
        node.seenCommit = 0;
        int incarnation = node.incarnation;
        sim.after(phase, () -> tick(node, incarnation));
    }

    private void tick(Node node, int incarnation) {
        if (!node.up || node.incarnation != incarnation) {
            return;
        }
        step(node, Replica::tick);
        sim.after(Simulator.TICK_MS, () -> tick(node, incarnation));
    }

    private void step(Node node, Consumer<Replica> input) {
        if (!node.up) {
            return;
        }
        input.accept(node.replica);
        notice(node);
        for (Effect effect : node.replica.drain()) {
            if (effect instanceof Effect.Persist persist) {
                node.disk.write(persist);
                if (node.tearNextWrite) {
                    crash(node, true); // before the force: nothing after it in this batch leaves
                    return;
                }
                node.disk.force();
            } else if (effect instanceof Effect.Send send) {
                messages++;
                sim.transmit(node.id, send.message().to(), send.message());
            } else if (effect instanceof Effect.Reply reply) {
                sim.replyToCaller(node.id, reply);
            } else if (effect instanceof Effect.Applied applied) {
                sim.observer().applied(node.group, node.id, node.incarnation, applied.entry(), applied.result(), sim.now());
            }
        }
    }

    /** Elections and commits, seen from outside by comparing statuses. */
    private void notice(Node node) {
        Status status = node.replica.status();
        if (status.role() == Role.CANDIDATE && status.term() > node.seenTerm) {
            elections++;
        }
        if (status.role() == Role.LEADER && (node.seenRole != Role.LEADER || status.term() != node.seenTerm)) {
            sim.log(node.id, "leader of term " + status.term());
            sim.observer().becameLeader(node.group, node.replica, sim.now());
            long[] crashed = leaderCrashed.get(node.group);
            if (crashed != null && status.term() > crashed[1]) {
                electionDelays.add(sim.now() - crashed[0]);
                leaderCrashed.remove(node.group);
            }
        } else if (status.role() != node.seenRole) {
            sim.log(node.id, status.role().name().toLowerCase() + " of term " + status.term());
        }
        for (long index = node.seenCommit + 1; index <= status.commitIndex(); index++) {
            if (node.replica.entry(index) != null) {
                sim.observer().committed(node.group, node.id, node.replica.entry(index), sim.now());
            }
        }
        node.seenRole = status.role();
        node.seenTerm = status.term();
        node.seenCommit = Math.max(node.seenCommit, status.commitIndex());
    }

    private void crash(Node node, boolean torn) {
        if (!node.up) {
            return;
        }
        if (node.replica.status().role() == Role.LEADER) {
            leaderCrashed.put(node.group, new long[] {sim.now(), node.replica.status().term()});
        }
        int lost = node.disk.crash(crashes, torn);
        node.up = false;
        node.tearNextWrite = false;
        node.replica = null;
        node.ledger = null;
        sim.log(node.id, "crashed" + (torn ? ", " + lost + " unforced bytes lost" : ""));
    }
}
