package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.replication.Role;
import org.birthofds.bank.replication.Status;
import org.birthofds.bank.shard.Ring;

/**
 * The data side: one Raft group per shard ("s1n1".."s1n3" hold s1), each replica on its own
 * simulated disk, applying its group's log to its own copy of the bank's engine, the very
 * {@link ReplicatedBank} a replica runs over HTTP. Chapter 4's shard was one machine; here a shard
 * is a group, so losing one machine of it loses neither its accounts nor the decisions in its log.
 * Whichever replica leads runs chapter 4's recovery pass, as it does over HTTP.
 */
final class Cluster {
    /** The leader's recovery pass: how often, and how old a transfer in doubt must be (past its coordinator's calls). */
    private static final long RECOVERY_EVERY_MS = 500;
    private static final long IN_DOUBT_MS = 1000;
    private final Simulator sim;
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Random crashes;
    private final Map<String, long[]> leaderCrashed = new LinkedHashMap<>(); // group -> {time, term}
    private final Set<String> crashOnCommit = new HashSet<>(); // groups whose leader dies at its next commit
    private final Set<String> crashOnElection = new HashSet<>(); // groups whose next leader dies as it wins
    private final Set<String> crashOnVote = new HashSet<>(); // groups whose next voter dies as it grants its vote
    private final Map<String, Long> crashOnCompaction = new LinkedHashMap<>(); // replica -> how long it stays down
    private final Map<String, java.util.function.Consumer<Node>> onNextLeader = new LinkedHashMap<>();
    final List<Long> electionDelays = new ArrayList<>();
    int elections;
    long messages;
    int compactions;
    private final Map<String, Long> appliedUpTo = new LinkedHashMap<>(); // group -> the highest index any replica applied
    private long writesApplied;

    Cluster(Simulator sim, Options options, Ring ring) {
        this.sim = sim;
        this.crashes = Seeds.random(sim.seed(), Seeds.CRASHES, 0);
        for (String group : options.groupIds()) {
            List<String> accounts = options.accounts().stream().filter(a -> ring.shardFor(a).equals(group)).toList();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= options.replicas(); i++) {
                ids.add(group + "n" + i);
            }
            // Founded on disks named beforehand, as an operator who sets up the machines can: no window
            // in which a member's disk is not yet written down.
            Map<String, String> disks = new LinkedHashMap<>();
            ids.forEach(id -> disks.put(id, Node.firstDisk(id)));
            for (String id : ids) {
                nodes.put(id, new Node(id, group, accounts, Members.of(ids).bound(disks)));
            }
            members.put(group, List.copyOf(ids));
        }
    }

    List<String> groupIds() {
        return List.copyOf(members.keySet());
    }

    /** The group's machines, those added since included, those replaced left out: whom a caller may try. */
    List<String> members(String group) {
        return nodes.values().stream().filter(n -> n.group.equals(group) && !n.retired).map(n -> n.id).toList();
    }

    /**
     * A new machine for {@code group}, with an empty disk, started at once: it knows the group as it
     * started and itself as a learner, until the log or a snapshot tells it more. Its id is new.
     */
    Node addNode(String group) {
        List<String> genesis = members.get(group);
        String id = group + "n" + (nodes.values().stream().filter(n -> n.group.equals(group)).count() + 1);
        Node first = nodes.get(genesis.get(0));
        Node node = new Node(id, group, first.accounts, first.genesis.withLearner(id, ""));
        nodes.put(id, node);
        start(node, 0);
        sim.log(id, "started with an empty disk, to join " + group);
        return node;
    }

    /** Gone for good: crashed, its disk thrown away; it never starts again under this name. */
    void retire(Node node) {
        crash(node, false);
        node.newDisk();
        node.retired = true;
        sim.log(node.id, "retired: its disk is thrown away");
    }

    /**
     * An operator's mistake: a machine whose disk is lost is started again at once, on an empty one,
     * under its old id. It has forgotten every vote and entry it promised; its group must refuse it.
     */
    void wipe(Node node) {
        crash(node, false);
        node.newDisk();
        sim.log(node.id, "lost its disk, and started again under its old id on an empty one");
        start(node, 0);
    }

    /** An operator's change of members, asked of {@code to} as a request would be. */
    void changeMembers(String to, long requestId, Members.Change change) {
        deliver(nodes.get(to), () -> "<- operator #" + requestId + " " + change, replica -> replica.changeMembers(requestId, change));
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
        deliver(nodes.get(to), () -> "<- " + message, replica -> replica.receive(message));
    }

    /** As a replica's HTTP face does: a read through the read index, a write stamped with the leader's clock and proposed. */
    void request(String to, Simulator.Request request) {
        deliver(nodes.get(to), () -> "<- " + request, replica -> {
            if (request.request().isRead()) {
                replica.read(request.id(), Bodies.write(request.request()));
            } else {
                replica.propose(request.id(), new ShardRequest.Stamped(sim.now(), request.request()).encode());
            }
        });
    }

    void onReply(String to, org.birthofds.bank.replication.Effect.Reply reply) {
        Node node = nodes.get(to);
        if (node != null && node.up && node.caller != null) {
            node.caller.onReply(reply);
        }
    }

    List<Status> statuses() {
        List<Status> statuses = new ArrayList<>();
        for (Node node : nodes.values()) {
            statuses.add(node.up ? node.replica.status() : new Status(node.id, Role.FOLLOWER, -1, -1, -1, "(down)", -1));
        }
        return statuses;
    }

    /** Whoever leads {@code group} in the highest term, among the replicas that are up. */
    Node leader(String group) {
        Node best = null;
        for (String id : members(group)) {
            Node node = nodes.get(id);
            if (node.up && node.replica.status().role() == Role.LEADER
                    && (best == null || node.replica.status().term() > best.replica.status().term())) {
                best = node;
            }
        }
        return best;
    }

    /** Every group leads, and its leader's copy holds no PENDING record or intent: nothing left in doubt. */
    long unsettled() {
        long count = 0;
        for (String group : members.keySet()) {
            Node leader = leader(group);
            count += leader == null ? 1 : leader.bank.unsettled();
        }
        return count;
    }

    /** Client requests committed, across the groups: each index counted once, when some replica first applies it. */
    long committedWrites() {
        return writesApplied;
    }

    void crash(String id, boolean torn) {
        crash(nodes.get(id), torn);
    }

    /** The next replica of {@code group} to grant a vote dies in that step's batch: before or after its vote leaves. */
    void crashNextVoter(String group) {
        crashOnVote.add(group);
    }

    /** The next replica to win an election in {@code group} dies in that step's batch. */
    void crashNextLeaderOnElection(String group) {
        crashOnElection.add(group);
    }

    /** Whoever leads {@code group} when its commit index next moves dies in that step's batch. */
    void crashLeaderOnCommit(String group) {
        crashOnCommit.add(group);
    }

    /** Each replica of {@code group} that is up dies in the batch of its next compaction, and restarts {@code millis} later. */
    void crashOnCompaction(String group, long millis) {
        for (String id : members(group)) {
            if (nodes.get(id).up) {
                crashOnCompaction.put(id, millis);
            }
        }
    }

    /** Runs {@code then} in the step in which {@code group}'s next leader wins, before its first message leaves. */
    void onNextLeader(String group, java.util.function.Consumer<Node> then) {
        onNextLeader.put(group, then);
    }

    /** The next batch {@code node} carries out is cut short between two of its steps. */
    void crashMidBatch(Node node) {
        if (node != null && node.up) {
            node.crashMidBatch = true;
        }
    }

    Node node(String id) {
        return nodes.get(id);
    }

    /** Frozen for {@code millis}: its timer stops, and what arrives waits until it thaws. */
    void pause(Node node, long millis) {
        if (node == null || !node.up || node.paused) {
            return;
        }
        node.paused = true;
        int incarnation = node.incarnation;
        sim.log(node.id, "paused for " + millis + " ms");
        sim.after(millis, () -> {
            if (node.incarnation == incarnation) {
                thaw(node);
            }
        });
    }

    void thawAll() {
        nodes.values().forEach(this::thaw);
    }

    /** Crashes armed but not yet struck are called off: after healing, nothing more fails. */
    void disarm() {
        crashOnCommit.clear();
        crashOnElection.clear();
        crashOnVote.clear();
        crashOnCompaction.clear();
        for (Node node : nodes.values()) {
            node.crashMidBatch = false;
            node.tearNextWrite = false;
        }
    }

    /** Carries on from where it stopped, taking what waited for it in the order it came. */
    private void thaw(Node node) {
        if (!node.up || !node.paused) {
            return;
        }
        node.paused = false;
        sim.log(node.id, "thawed with " + node.held.size() + " inputs waiting");
        List<Node.Held> waiting = List.copyOf(node.held);
        node.held.clear();
        waiting.forEach(held -> sim.after(0, () -> deliver(node, held.event(), held.input())));
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
        if (!node.up && !node.retired) {
            start(node, 0);
            sim.log(node.id, "restarted (incarnation " + node.incarnation + ") at term "
                    + node.replica.status().term() + " with " + node.replica.status().lastLogIndex() + " entries");
        }
    }

    void restartAll() {
        nodes.keySet().forEach(this::restart);
    }

    /**
     * A machine of each group that never comes back, the leader as often as not: the others, a
     * majority, must serve on their own, a new leader first of all.
     */
    void loseOnePerGroup(Random random) {
        for (String group : members.keySet()) {
            List<String> ids = members(group);
            Node leader = leader(group);
            Node lost = leader != null && random.nextBoolean() ? leader : nodes.get(ids.get(random.nextInt(ids.size())));
            crash(lost, false);
            sim.log(lost.id, "lost for good");
        }
    }

    void restartGroup(String group) {
        members(group).forEach(this::restart);
    }

    private void start(Node node, long phase) {
        node.incarnation++;
        node.bank = ReplicatedBank.create(node.group, null);
        for (String account : node.accounts) { // the bank as it opened: every copy starts from the same state
            node.bank.apply(new ShardRequest.Stamped(0, new ShardRequest.Open(account)).encode());
        }
        Durable recovered = node.disk.recover();
        node.replica = new Replica(node.id, node.genesis, sim.options().config(), recovered, node.bank,
                Seeds.random(sim.seed(), Seeds.REPLICA, node.id.hashCode() * 1_000_003L + node.incarnation));
        node.up = true;
        node.paused = false;
        node.seenRole = Role.FOLLOWER;
        node.seenTerm = node.replica.status().term();
        node.seenCommit = 0;
        sim.observer().restarted(node.group, node.id, node.incarnation, recovered, sim.now());
        int incarnation = node.incarnation;
        sim.after(phase, () -> tick(node, incarnation));
        node.caller = new Caller(node.id, sim, Seeds.random(sim.seed(), Seeds.LOGIC, node.id.hashCode() * 31L + node.incarnation));
        node.caller.start();
        node.caller.after(phase + RECOVERY_EVERY_MS, () -> recover(node));
    }

    /**
     * Chapter 4's recovery pass, on the replica that leads, outside its state machine: what its copy has
     * held in doubt too long, settled through the groups' logs by the bank's own {@code RecoveryPass}.
     */
    private void recover(Node node) {
        boolean leads = !node.paused && node.replica.status().role() == Role.LEADER;
        Steps pass = leads ? node.bank.recoveryPass(sim.now(), IN_DOUBT_MS) : null;
        Runnable again = () -> node.caller.after(RECOVERY_EVERY_MS, () -> recover(node));
        if (pass == null) {
            again.run();
        } else {
            node.caller.drive(pass, done -> again.run());
        }
    }

    private void tick(Node node, int incarnation) {
        if (!node.up || node.incarnation != incarnation) {
            return;
        }
        if (!node.paused) { // a paused process's timers do not run: they go on from where they were
            step(node, () -> "tick", Replica::tick);
        }
        if (node.up && node.incarnation == incarnation) {
            sim.after(Simulator.TICK_MS, () -> tick(node, incarnation));
        }
    }

    private void deliver(Node node, Supplier<String> event, Consumer<Replica> input) {
        if (!node.up) {
            return;
        }
        if (node.paused) {
            node.held.add(new Node.Held(event, input));
            return;
        }
        step(node, event, input);
    }

    /** One input, then its batch carried out step by step, as the runtime's contract says (see Effect). */
    private void step(Node node, Supplier<String> event, Consumer<Replica> input) {
        Replica replica = node.replica;
        try {
            input.accept(replica);
        } catch (RuntimeException e) {
            throw new IllegalStateException(node.id + " threw on " + event.get() + ": " + e, e);
        }
        List<Effect> batch = replica.drain();
        Effect.Persist persist = null;
        for (Effect effect : batch) {
            if (effect instanceof Effect.Persist p) {
                persist = p;
            }
        }
        notice(node);
        if (crashOnVote.contains(node.group) && grantsAVote(batch)) {
            crashOnVote.remove(node.group);
            sim.log(node.id, "crashing as it grants its vote");
            node.crashMidBatch = true;
        }
        if (persist != null && persist.compaction() != null && crashOnCompaction.containsKey(node.id)) {
            long down = crashOnCompaction.remove(node.id);
            sim.log(node.id, "crashing as it compacts its log to " + persist.compaction().snapshot());
            node.crashMidBatch = true;
            sim.after(down, () -> {
                if (!sim.healed()) { // after the heal, the heal's restarts (and losses for good) stand
                    restart(node.id);
                }
            });
        }
        sim.observer().stepped(node.group, node.id, node.incarnation, replica, persist, applied(batch), event, sim.now());
        observeApplied(node, batch); // done in memory as the step ran: a crash while carrying out the batch cannot undo it
        carryOut(node, batch, persist != null);
    }

    /**
     * Write and force are two steps (with a compaction: snapshot, then journal), and every message and answer is one. A crash armed for this
     * node falls before a seeded step other than the first: so between the write and its force,
     * between the force and the first message, or between two messages.
     */
    private void carryOut(Node node, List<Effect> batch, boolean persists) {
        int steps = (persists ? 1 : 0);
        for (Effect effect : batch) {
            steps += effect instanceof Effect.Applied || effect instanceof Effect.Refused || effect instanceof Effect.Installed ? 0 : 1;
        }
        int crashBefore = -1;
        if (node.crashMidBatch && steps >= 2) {
            node.crashMidBatch = false;
            crashBefore = 1 + crashes.nextInt(steps - 1);
        } else if (node.crashMidBatch && steps == 1) {
            node.crashMidBatch = false;
            crashBefore = 0;
        }
        int step = 0;
        for (Effect effect : batch) {
            if (effect instanceof Effect.Applied || effect instanceof Effect.Installed) {
                continue; // seen already (observeApplied)
            }
            if (effect instanceof Effect.Refused refused) {
                sim.observer().refused(node.group, node.id, refused, sim.now());
                continue;
            }
            if (step++ == crashBefore) {
                crashMidBatch(node, step - 1, steps);
                return;
            }
            if (effect instanceof Effect.Persist persist && persist.compaction() != null) {
                node.disk.save(persist.compaction().snapshot()); // the snapshot file, then the journal behind it
                if (step++ == crashBefore) {
                    crashMidBatch(node, step - 1, steps);
                    return;
                }
                node.disk.rewrite(persist);
                compactions++;
            } else if (effect instanceof Effect.Persist persist) {
                node.disk.write(persist);
                if (node.tearNextWrite) {
                    crash(node, true); // before the force: nothing after it in this batch leaves
                    return;
                }
                if (step++ == crashBefore) {
                    crashMidBatch(node, step - 1, steps);
                    return;
                }
                node.disk.force();
            } else if (effect instanceof Effect.Send send) {
                messages++;
                sim.observer().said(node.group, node.id, send.message(), sim.now());
                sim.transmit(node.id, send.message().to(), send.message());
            } else if (effect instanceof Effect.Reply reply) {
                sim.replyToCaller(node.id, reply);
            }
        }
    }

    private void observeApplied(Node node, List<Effect> batch) {
        for (Effect effect : batch) {
            if (effect instanceof Effect.Applied applied) {
                if (applied.entry().index() > appliedUpTo.getOrDefault(node.group, 0L)) {
                    appliedUpTo.put(node.group, applied.entry().index());
                    writesApplied += applied.entry().isCommand() ? 1 : 0;
                }
                sim.observer().applied(node.group, node.id, node.incarnation, applied.entry(), applied.result(), sim.now());
            } else if (effect instanceof Effect.Installed installed) {
                sim.observer().installed(node.group, node.id, node.incarnation, installed.snapshot(), sim.now());
            }
        }
    }

    /** The entries a step applied: a compaction in the same step may already have thrown them out of the log. */
    private static List<Entry> applied(List<Effect> batch) {
        List<Entry> applied = new ArrayList<>();
        for (Effect effect : batch) {
            if (effect instanceof Effect.Applied a) {
                applied.add(a.entry());
            }
        }
        return applied;
    }

    private static boolean grantsAVote(List<Effect> batch) {
        for (Effect effect : batch) {
            if (effect instanceof Effect.Send send && send.message() instanceof Message.Vote vote && vote.granted()) {
                return true;
            }
        }
        return false;
    }

    private void crashMidBatch(Node node, int done, int steps) {
        sim.log(node.id, "crashing after " + done + " of the " + steps + " steps of its batch");
        crash(node, true);
    }

    /** Elections and commits, seen from outside by comparing statuses. */
    private void notice(Node node) {
        Status status = node.replica.status();
        if (status.role() == Role.CANDIDATE && status.term() > node.seenTerm) {
            elections++;
        }
        if (status.role() == Role.LEADER && (node.seenRole != Role.LEADER || status.term() != node.seenTerm)) {
            sim.log(node.id, "leader of term " + status.term());
            if (crashOnElection.remove(node.group)) {
                sim.log(node.id, "crashing as it wins, before it tells anyone");
                node.crashMidBatch = true;
            }
            sim.observer().becameLeader(node.group, node.replica, sim.now());
            java.util.function.Consumer<Node> hook = onNextLeader.remove(node.group);
            if (hook != null) {
                hook.accept(node);
            }
            long[] crashed = leaderCrashed.get(node.group);
            if (crashed != null && status.term() > crashed[1]) {
                electionDelays.add(sim.now() - crashed[0]);
                leaderCrashed.remove(node.group);
            }
        } else if (status.role() != node.seenRole) {
            sim.log(node.id, status.role().name().toLowerCase() + " of term " + status.term());
        }
        if (status.role() == Role.LEADER && status.commitIndex() > node.seenCommit && crashOnCommit.remove(node.group)) {
            sim.log(node.id, "crashing as it commits up to index " + status.commitIndex() + ", before it tells anyone");
            node.crashMidBatch = true;
        }
        node.seenRole = status.role();
        node.seenTerm = status.term();
        node.seenCommit = status.commitIndex();
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
        node.paused = false;
        node.held.clear();
        node.tearNextWrite = false;
        node.crashMidBatch = false;
        node.replica = null;
        node.bank = null;
        node.caller.stop();
        sim.log(node.id, "crashed" + (torn ? ", " + lost + " unforced bytes lost" : ""));
    }
}
