package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.birthofds.bank.checks.Mark;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Status;
import org.birthofds.bank.shard.Ring;
import org.birthofds.bank.simulation.Observer.Completion;

/**
 * Chapter 4's sharded bank on replicated shards, in one thread, on virtual time: clients, logic
 * nodes, every shard group's replicas and their disks, and the network between them are events
 * in one queue, ordered by (time, sequence), and every random choice comes from a generator
 * seeded by the run's seed. So a seed is a run: the same seed writes the same event log, byte for
 * byte, and a failure found once can be replayed and stepped through.
 *
 * <p>The run: clients send load through the logic nodes for {@code loadMillis} while the
 * schedule's faults strike; then every fault heals (crashed nodes restart, partitions and loss
 * end) and a probe client must get one write and one read-all through, and every transfer left
 * in doubt must be settled, within {@code livenessMillis}, or the run is "stuck".
 */
public final class Simulator {
    static final int TICK_MS = 10;
    /** Far above any healthy run's count (tens of thousands): only a runaway reaches it. */
    static final long MAX_EVENTS = 500_000;

    /** A caller's request to a replica: a write to propose, or a query to read linearizably. */
    record Request(long id, String from, ShardRequest request) {
    }

    private final long seed;
    private final Options options;
    private final Schedule schedule;
    private final Network network;
    private final EventLog log;
    private final Ring ring;
    private final Cluster cluster;
    private final Faults faults;
    private final Operator operator;
    private final Map<String, LogicNode> logic = new LinkedHashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();
    private final Map<Long, String> callers = new HashMap<>();
    private final Events queue = new Events(); // by time, and in the order scheduled within one time
    private final List<Mark> marks = new ArrayList<>();
    private Observer observer = new Observer() { };
    private long now;
    private long nextId;
    private long nextCall;
    private long healedAt = -1;
    private long probedAt = -1;
    private long recoveredAt = -1;

    public Simulator(long seed, Options options) {
        this.seed = seed;
        this.options = options;
        this.schedule = options.schedule() != null ? options.schedule() : Schedule.of(seed, options);
        this.network = new Network(Seeds.random(seed, Seeds.NETWORK, 0), schedule);
        this.log = new EventLog(options.eventLog());
        this.ring = Ring.of(options.groupIds());
        this.cluster = new Cluster(this, options, ring);
        for (int i = 1; i <= options.logicNodes(); i++) {
            logic.put("l" + i, new LogicNode("l" + i, this, Seeds.random(seed, Seeds.LOGIC, i)));
        }
        this.operator = new Operator(this, cluster, network);
        this.faults = new Faults(this, cluster, network, logic, operator);
    }

    public long now() {
        return now;
    }

    public Schedule schedule() {
        return schedule;
    }

    public List<Status> statuses() {
        return cluster.statuses();
    }

    public Run run(Observer watcher) {
        this.observer = watcher;
        Random phases = Seeds.random(seed, Seeds.PHASES, 0);
        cluster.startAll(phases);
        logic.values().forEach(Caller::start);
        List<String> logicIds = List.copyOf(logic.keySet());
        for (int i = 1; i <= options.clients(); i++) {
            Client client = new Client("c" + i, this, Seeds.random(seed, Seeds.CLIENT, i), false, logicIds.get((i - 1) % logicIds.size()));
            clients.put(client.name, client);
            after(phases.nextInt(50), client::next);
        }
        for (Fault fault : schedule.faults()) {
            if (fault.at() < options.loadMillis()) {
                at(fault.at(), () -> faults.strike(fault));
            }
        }
        at(options.loadMillis(), this::healEverything);
        long deadline = options.loadMillis() + options.livenessMillis();
        String error = null;
        long events = 0;
        while (!queue.isEmpty() && !observer.halted()) {
            long time = queue.nextTime();
            if (time > deadline || (recoveredAt >= 0 && time > recoveredAt + 200)) {
                break;
            }
            if (++events > MAX_EVENTS) {
                error = "t=" + time + "ms: more than " + MAX_EVENTS + " events: a storm of messages or timers";
                break;
            }
            now = time;
            Runnable action = queue.poll();
            try {
                action.run();
            } catch (RuntimeException | StackOverflowError e) {
                // The code under test broke: the run ends here, and its report still names the seed.
                error = "t=" + now + "ms: " + e + where(e);
                log.add(now, "error", error);
                break;
            }
        }
        String stuck = recoveredAt >= 0 ? null : "stuck: " + (deadline - healedAt) + " virtual ms after every fault"
                + " healed, " + (probedAt < 0 ? "the probe client still had no write and read-all through"
                : cluster.unsettled() + " records, intents or held sums were still in doubt (or a group had no leader)");
        if (error != null) {
            stuck = null; // not a verdict on liveness: the run did not get that far
        } else if (observer.halted()) {
            stuck = Run.HALTED + ": stopped at t=" + now + "ms, at the first violation of safety";
        }
        return new Run(seed, options, schedule, statuses(), stuck, error, healedAt, recoveredAt, cluster.elections,
                cluster.messages, cluster.committedWrites(), List.copyOf(cluster.electionDelays), List.copyOf(marks),
                log.lines());
    }

    /** The first frames of the code under test, for a report that says where it broke. */
    private static String where(Throwable e) {
        Throwable root = e.getCause() != null ? e.getCause() : e;
        StringBuilder out = new StringBuilder();
        StackTraceElement[] frames = root.getStackTrace();
        for (int i = 0; i < Math.min(6, frames.length); i++) {
            out.append("\n        at ").append(frames[i]);
        }
        return out.toString();
    }

    // ---- services for clients, logic nodes and the cluster ----

    long seed() {
        return seed;
    }

    Options options() {
        return options;
    }

    Observer observer() {
        return observer;
    }

    Ring ring() {
        return ring;
    }

    List<String> groupIds() {
        return cluster.groupIds();
    }

    List<String> members(String group) {
        return cluster.members(group);
    }

    List<String> accounts() {
        return options.accounts();
    }

    List<String> logicIds() {
        return List.copyOf(logic.keySet());
    }

    long loadEnd() {
        return options.loadMillis();
    }

    void after(long delay, Runnable action) {
        at(now + delay, action);
    }

    void log(String node, String what) {
        log.add(now, node, what);
    }

    void mark(String what) {
        log.add(now, "fault", what);
        marks.add(new Mark(now, what));
    }

    long invoke(String client, Operation op) {
        long call = nextCall++;
        log.add(now, client, "invoke #" + call + " " + op);
        observer.invoked(call, client, op);
        return call;
    }

    void complete(String client, long call, Completion completion, Map<String, Long> balances) {
        log.add(now, client, "complete #" + call + " " + completion + (balances == null ? "" : " " + balances));
        observer.completed(call, completion, balances);
    }

    /** A client's operation to a logic node, under its Idempotency-Key or none; returns the id its answer will carry. */
    long ask(Client client, String logicNode, Operation op, String tag, String key) {
        long id = nextId++;
        transmit(client.name, logicNode, new LogicNode.Ask(id, client.name, op, tag, key));
        return id;
    }

    /** A caller's request to a replica; returns the id the replica's reply will carry. */
    long request(Caller from, String replica, ShardRequest request) {
        long id = nextId++;
        callers.put(id, from.id);
        transmit(from.id, replica, new Request(id, from.id, request));
        return id;
    }

    /** An operator's change of members to a replica; returns the id the replica's reply will carry. */
    long changeMembers(String from, String replica, org.birthofds.bank.replication.Members.Change change) {
        long id = nextId++;
        callers.put(id, from);
        log.add(now, from, "-> " + replica + " #" + id + " " + change);
        cluster.changeMembers(replica, id, change);
        return id;
    }

    void replyToCaller(String replica, Effect.Reply reply) {
        String caller = callers.remove(reply.requestId());
        if (caller != null) {
            transmit(replica, caller, reply);
        }
    }

    /** The schedule's faults as they strike, for the coordinator's hooks (see LogicNode). */
    Faults faults() {
        return faults;
    }

    void probed() {
        probedAt = now;
        log.add(now, "probe", "write and read-all through " + (now - healedAt) + " ms after healing");
        awaitSettled();
    }

    // ---- the machinery ----

    void transmit(String from, String to, Object payload) {
        if (!network.connected(from, to)) {
            if (log.on()) {
                log.add(now, from, "cut -> " + to + " " + payload);
            }
            return;
        }
        long[] delays = network.delays(payload instanceof Message);
        if (delays.length == 0 && log.on()) {
            log.add(now, from, "lost -> " + to + " " + payload);
        }
        long stalled = payload instanceof Message ? network.stalledFor(from, now) : 0;
        for (long delay : delays) {
            at(now + stalled + delay, () -> arrive(from, to, payload));
        }
    }

    private void at(long time, Runnable action) {
        queue.add(time, action);
    }

    private void arrive(String from, String to, Object payload) {
        if (!network.connected(from, to)) {
            return;
        }
        if (log.on()) {
            log.add(now, to, "<- " + from + " " + payload);
        }
        if (payload instanceof Message message) {
            cluster.receive(to, message);
        } else if (payload instanceof Request request) {
            cluster.request(to, request);
        } else if (payload instanceof Effect.Reply reply) {
            if (to.equals(Operator.ID)) {
                operator.onReply(reply);
            } else if (logic.containsKey(to)) {
                logic.get(to).onReply(reply);
            } else {
                cluster.onReply(to, reply); // to a replica's recovery pass
            }
        } else if (payload instanceof LogicNode.Ask ask) {
            logic.get(to).onAsk(ask);
        } else if (payload instanceof LogicNode.Answer answer) {
            clients.get(to).onAnswer(answer);
        }
    }

    boolean healed() {
        return healedAt >= 0;
    }

    private void healEverything() {
        healedAt = now;
        mark("heal everything");
        log.add(now, "fault", "restart crashed nodes, end partitions and loss" + (schedule.oneLostForGood()
                ? "; one replica of each group lost for good" : ""));
        network.heal();
        network.calm();
        cluster.disarm();
        faults.disarm(); // an armed crash struck after the heal would take a second replica of a group of three
        cluster.thawAll();
        cluster.restartAll();
        if (schedule.oneLostForGood()) {
            cluster.loseOnePerGroup(Seeds.random(seed, Seeds.CRASHES, 1));
        }
        logic.values().forEach(node -> node.restart());
        Client probe = new Client("probe", this, Seeds.random(seed, Seeds.PROBE, 0), true, logicIds().get(0));
        clients.put(probe.name, probe);
        probe.next();
    }

    /** Liveness includes the recovery passes: every transfer left in doubt by the faults gets settled. */
    private void awaitSettled() {
        if (cluster.unsettled() == 0) {
            recoveredAt = now;
            log.add(now, "probe", "recovered " + (now - healedAt) + " ms after healing, nothing in doubt");
        } else {
            after(20, this::awaitSettled);
        }
    }
}
