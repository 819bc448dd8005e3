package org.birthofds.bank.replication;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A cluster run by hand, for scenarios too exact to leave to a seed: the test says who times out,
 * which message arrives next, which is lost and who crashes. The replicas are the real ones; the
 * script is their runtime, keeping its one duty: a batch's Persist is forced onto the node's disk
 * before the rest of the batch leaves. So a crash keeps exactly what was forced, and a restart is a
 * new Replica built from it. After every step it checks what the chapter's RaftCheck checks in a
 * simulation: one leader per term, one entry per committed index, and every new leader holding
 * every committed entry.
 */
final class Script {

    private final Config config;
    private final Supplier<StateMachine> machines;
    private final Map<String, StateMachine> machine = new LinkedHashMap<>();
    private final List<String> ids;
    private final Map<String, Replica> up = new LinkedHashMap<>();
    private final Map<String, Durable> disks = new LinkedHashMap<>();
    private final Map<String, Integer> lives = new LinkedHashMap<>();
    private final List<Message> inFlight = new ArrayList<>();
    private final Map<Long, String> leaders = new TreeMap<>();
    private final Map<Long, Entry> committed = new TreeMap<>();
    private final Map<Long, Effect.Answer> answers = new TreeMap<>();
    private final Map<Long, String> bodies = new TreeMap<>();
    private final Map<String, Members> joined = new LinkedHashMap<>(); // a machine added later: the group it was told of
    private final List<String> problems = new ArrayList<>();
    private final List<String> story = new ArrayList<>();
    private final Set<String> crashWhileForcing = new HashSet<>();
    private long nextRequest;

    Script(Config config, String... ids) {
        this(config, () -> Notebook.NOTEBOOK, ids);
    }

    /** With a state machine of the test's own on each replica, new at each restart. */
    Script(Config config, Supplier<StateMachine> machines, String... ids) {
        this(config, machines, false, ids);
    }

    private Script(Config config, Supplier<StateMachine> machines, boolean namedDisks, String... ids) {
        this.config = config;
        this.machines = machines;
        this.ids = List.of(ids);
        for (String id : ids) {
            disks.put(id, namedDisks ? Durable.empty().named(id + "d1") : Durable.empty());
            lives.put(id, 0);
            restart(id);
        }
    }

    /** Each disk named as the runtime names it when new (here {@code id + "d1"}): the group binds each member to its disk. */
    static Script withNamedDisks(Config config, String... ids) {
        return new Script(config, () -> Notebook.NOTEBOOK, true, ids);
    }

    // ---- the steps ----

    /**
     * {@code id}'s election timer fires and it stands for the next term. The script skips the
     * ticks and goes straight to the campaign: so a scenario reads the same whatever comes before
     * standing (with exercise 5.1's pre-vote, a round the script takes as won).
     */
    void timeOut(String id) {
        Replica replica = replica(id);
        replica.election.campaign();
        settle(id);
        story.add(id + " times out: " + replica.status());
    }

    /** A client's write to {@code id}; returns the request id its answer comes back under. */
    long propose(String id, String command) {
        long request = nextRequest++;
        replica(id).propose(request, command);
        story.add("client -> " + id + " write #" + request + " " + command);
        settle(id);
        return request;
    }

    /** The oldest message in flight from {@code from} to {@code to} arrives. */
    Message deliver(String from, String to) {
        return deliver(from, to, Message.class);
    }

    /** The oldest message of this kind in flight from {@code from} to {@code to} arrives (overtaking older ones). */
    Message deliver(String from, String to, Class<? extends Message> kind) {
        for (Iterator<Message> it = inFlight.iterator(); it.hasNext(); ) {
            Message message = it.next();
            if (message.from().equals(from) && message.to().equals(to) && kind.isInstance(message)) {
                it.remove();
                story.add("deliver " + message);
                replica(to).receive(message);
                settle(to);
                return message;
            }
        }
        throw new IllegalStateException("no " + kind.getSimpleName() + " in flight from " + from + " to " + to
                + "; in flight: " + inFlight);
    }

    /** {@code id}'s timer ticks {@code times} times: a leader's heartbeats, a follower's election clock. */
    void tick(String id, int times) {
        for (int i = 0; i < times; i++) {
            replica(id).tick();
            settle(id);
        }
        story.add(id + " ticks " + times + " times");
    }

    /** The network delivers {@code message} a second time, later: it goes back in flight. */
    void duplicate(Message message) {
        inFlight.add(message);
        story.add("duplicated: " + message);
    }

    /** Delivers every message among the replicas named, in order, until none is left in flight between them. */
    void quiet(String... ids) {
        for (int round = 0; round < 1000; round++) {
            boolean delivered = false;
            for (String from : ids) {
                for (String to : ids) {
                    if (!from.equals(to) && !inFlight(from, to).isEmpty()) {
                        deliver(from, to);
                        delivered = true;
                    }
                }
            }
            if (!delivered) {
                return;
            }
        }
        throw new AssertionError("no end to the messages\n" + story());
    }

    /** Every message in flight from {@code from} to {@code to} is lost. */
    void drop(String from, String to) {
        inFlight.removeIf(m -> m.from().equals(from) && m.to().equals(to));
        story.add("lost: everything in flight " + from + " -> " + to);
    }

    /** Every message {@code from} has in flight, to anyone, is lost. */
    void dropAllFrom(String from) {
        inFlight.removeIf(m -> m.from().equals(from));
        story.add("lost: everything in flight from " + from);
    }

    /** The process dies: its disk keeps what it forced, the rest of it is gone; its messages sent stay in flight. */
    void crash(String id) {
        if (up.remove(id) == null) {
            throw new IllegalStateException(id + " is not up");
        }
        story.add(id + " crashes; its disk holds " + disks.get(id));
    }

    /**
     * The power goes while {@code id} forces its next Persist: what its batch holds before the
     * Persist is carried out, the Persist never reaches the disk, and nothing after it leaves.
     */
    void crashWhileForcing(String id) {
        replica(id);
        crashWhileForcing.add(id);
    }

    /**
     * {@code id}'s disk is lost, and the machine started again at once under its old id on an empty
     * one named {@code newDisk}: an operator's mistake, which its group must refuse.
     */
    void loseDisk(String id, String newDisk) {
        if (up.containsKey(id)) {
            crash(id);
        }
        disks.put(id, Durable.empty().named(newDisk));
        story.add(id + " lost its disk; started again on an empty one, " + newDisk);
        restart(id);
    }

    /** A new process on the old disk: a Replica built from exactly what the old one forced. */
    void restart(String id) {
        int life = lives.merge(id, 1, Integer::sum);
        List<String> peers = ids.stream().filter(p -> !p.equals(id)).toList();
        machine.put(id, machines.get());
        Random random = new Random(31L * id.hashCode() + life);
        up.put(id, joined.containsKey(id) ? new Replica(id, joined.get(id), config, disks.get(id), machine.get(id), random)
                : new Replica(id, peers, config, disks.get(id), machine.get(id), random));
        if (life > 1) {
            story.add(id + " restarts: " + replica(id).status());
        }
    }

    // ---- what a test asks ----

    Replica replica(String id) {
        Replica replica = up.get(id);
        if (replica == null) {
            throw new IllegalStateException(id + " is down");
        }
        return replica;
    }

    /** {@code id}'s state machine, in its current life. */
    StateMachine machine(String id) {
        return machine.get(id);
    }

    /** What {@code id}'s disk holds: what a restart gets back. */
    Durable disk(String id) {
        return disks.get(id);
    }

    List<Message> inFlight(String from, String to) {
        return inFlight.stream().filter(m -> m.from().equals(from) && m.to().equals(to)).toList();
    }

    /** The leader of {@code term} (the first, if the script broke Election Safety), or null. */
    String leaderOf(long term) {
        return leaders.get(term);
    }

    /** The entry first applied at {@code index} anywhere, or null. */
    Entry committed(long index) {
        return committed.get(index);
    }

    Effect.Answer answer(long request) {
        return answers.get(request);
    }

    /** What the answer said: the state machine's result, a leader's name, or why it was refused. */
    String body(long request) {
        return bodies.get(request);
    }

    /** A new machine with an empty disk, told of the group as {@code known} (itself a learner in it); up at once. */
    void join(String id, Members known) {
        joined.put(id, known);
        disks.put(id, Durable.empty());
        lives.put(id, 0);
        restart(id);
        story.add(id + " joins, knowing " + known);
    }

    /** A fresh request id, for a test that calls a replica itself (then {@link #settleNow}). */
    long nextRequest() {
        return nextRequest++;
    }

    /** Carries out what {@code id} asked for after a test called it directly. */
    void settleNow(String id) {
        settle(id);
    }

    /** An operator asks {@code to} for a change of members; returns the request id its answer comes back under. */
    long change(String to, Members.Change change) {
        long request = nextRequest++;
        replica(to).changeMembers(request, change);
        story.add("operator -> " + to + " #" + request + " " + change);
        settle(to);
        return request;
    }

    /** Raft's safety properties this script broke, in the words of the chapter's RaftCheck. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Every step, one line each: printed by the tests, to read the scenario as it happened. */
    String story() {
        return String.join("\n", story) + "\nproblems: " + (problems.isEmpty() ? "none" : String.join("; ", problems));
    }

    // ---- the runtime ----

    /** Carries out {@code id}'s batch: the Persist forced first, then the rest, then the checks. */
    private void settle(String id) {
        Replica replica = replica(id);
        for (Effect effect : replica.drain()) {
            if (effect instanceof Effect.Persist persist) {
                if (crashWhileForcing.remove(id)) {
                    crash(id);
                    return;
                }
                Durable disk = disks.get(id);
                Effect.Compaction compaction = persist.compaction();
                if (compaction != null) { // the disk starts over from the snapshot
                    disks.put(id, new Durable(persist.term(), persist.votedFor(), compaction.snapshot(),
                            compaction.baseIndex(), compaction.baseTerm(), persist.entries(), disk.disk()));
                    continue;
                }
                int kept = (int) Math.min(disk.log().size(), persist.fromIndex() - 1 - disk.baseIndex());
                List<Entry> log = new ArrayList<>(disk.log().subList(0, kept));
                log.addAll(persist.entries());
                disks.put(id, new Durable(persist.term(), persist.votedFor(), disk.snapshot(), disk.baseIndex(),
                        disk.baseTerm(), log, disk.disk()));
            } else if (effect instanceof Effect.Send send) {
                inFlight.add(send.message());
            } else if (effect instanceof Effect.Reply reply) {
                answers.put(reply.requestId(), reply.answer());
                bodies.put(reply.requestId(), reply.body());
            } else if (effect instanceof Effect.Applied applied) {
                Entry earlier = committed.putIfAbsent(applied.entry().index(), applied.entry());
                if (earlier != null && !earlier.equals(applied.entry())) {
                    problems.add("committed entries differ at index " + earlier.index() + ": " + earlier
                            + " was committed, and " + id + " applied " + applied.entry());
                }
            }
        }
        if (replica.status().role() == Role.LEADER) {
            becameLeader(replica);
        }
    }

    private void becameLeader(Replica replica) {
        long term = replica.status().term();
        String earlier = leaders.putIfAbsent(term, replica.id());
        if (earlier == null) {
            story.add(replica.id() + " is leader of term " + term);
            for (Entry done : committed.values()) {
                if (done.index() <= replica.logBase()) {
                    continue; // in its snapshot
                }
                Entry held = replica.entry(done.index());
                if (!done.equals(held)) {
                    problems.add("committed entry lost: " + done + " was committed, but " + replica.id()
                            + " became leader of term " + term + " holding " + (held == null ? "nothing" : held)
                            + " at index " + done.index());
                }
            }
        } else if (!earlier.equals(replica.id()) && !problems.contains(twoLeaders(term, earlier, replica.id()))) {
            story.add(replica.id() + " is leader of term " + term + " too");
            problems.add(twoLeaders(term, earlier, replica.id()));
        }
    }

    private static String twoLeaders(long term, String first, String second) {
        return "two leaders in term " + term + ": " + first + " and " + second;
    }
}
