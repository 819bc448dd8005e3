package org.birthofds.bank.group;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.replication.Role;
import org.birthofds.bank.replication.StateMachine;
import org.birthofds.bank.replication.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime around part 1's Replica, unchanged: a real clock ticks it every 10 ms, and every
 * input (tick, message, client request) runs on one thread, because the replica is a plain state
 * machine and not thread-safe. After each input the loop carries out the replica's effects in
 * order: the Persist written and forced, and only then the votes, acknowledgements and answers
 * that depend on it. That order is the whole contract (Effect): one that left before its state was
 * on disk could be forgotten by a crash and contradicted after it. A leader's AppendEntries come
 * before its Persist, and are on their way to the followers while it forces.
 *
 * <p>Group commit, as chapter 2's journal does it: the inputs that arrived while the last batch was
 * being forced are all given to the replica before the next drain, so one fsync covers them all,
 * and one AppendEntries per follower carries them all.
 */
final class ReplicaLoop implements AutoCloseable {
    static final long TICK_MS = 10;
    private static final Logger log = LoggerFactory.getLogger(ReplicaLoop.class);

    private final Replica replica;
    private final RaftJournal journal;
    private final Consumer<List<Message>> network;
    private final ScheduledExecutorService thread;
    private final Map<Long, CompletableFuture<Effect.Reply>> waiting = new ConcurrentHashMap<>();
    private final Queue<Runnable> inputs = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean batchDue = new AtomicBoolean();
    private final Faults faults;
    private final AtomicLong requests = new AtomicLong();
    private final Refusals refusals;
    private volatile Status status;
    private volatile Members members;
    private volatile boolean failed;

    /** {@code network} takes a batch's messages for the other replicas, in order; it must never block. */
    ReplicaLoop(String id, List<String> peers, Config config, RaftJournal journal, StateMachine machine,
                Consumer<List<Message>> network, Faults faults) {
        this(id, Members.of(java.util.stream.Stream.concat(java.util.stream.Stream.of(id), peers.stream()).toList()),
                config, journal, machine, network, faults);
    }

    /** @param genesis the group as this replica first knew it (see {@link Replica}) */
    ReplicaLoop(String id, Members genesis, Config config, RaftJournal journal, StateMachine machine,
                Consumer<List<Message>> network, Faults faults) {
        this.network = network;
        this.faults = faults;
        this.journal = journal;
        this.replica = new Replica(id, genesis, config, journal.restored(), machine, new Random());
        this.members = replica.members();
        this.refusals = new Refusals(id);
        this.status = replica.status();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "replica-" + id));
        log.info("{} restored term {}, vote {}, {} log entries after its {}", id, journal.restored().term(),
                journal.restored().votedFor(), journal.restored().log().size(), journal.restored().snapshot());
        if (!members.knows(id, replica.disk())) {
            log.warn("{} is on disk {}, but its group knows {} by disk {}: it lost the disk it had, and its group will refuse"
                    + " it until it is added again as a new member (replace it, or remove it and add it again)", id,
                    replica.disk(), id, members.disks().get(id));
        }
    }

    void start() {
        if (replica.groupOfOne()) {
            // A group of one waits for no one: run its first election timeout at once, not in 150-300 ms.
            submit(() -> {
                for (int tick = 0; tick < Config.raft().electionTicksMax(); tick++) {
                    replica.tick();
                }
            });
        }
        // Fixed delay, not fixed rate: a stalled machine ticks late rather than in a burst, which
        // would fire every timeout at once and start needless elections.
        thread.scheduleWithFixedDelay(() -> submit(replica::tick), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    Status status() {
        return status;
    }

    /** Batches forced to this replica's journal since it started (see {@link RaftJournal#forced()}). */
    long forced() {
        return journal.forced();
    }

    /** The name this replica's disk drew when it was new. */
    String disk() {
        return replica.disk();
    }

    /** True once this replica has stopped taking part, its disk or its state no longer trusted. */
    boolean stopped() {
        return failed;
    }

    void receive(Message message) {
        submit(() -> replica.receive(message));
    }

    /** A client's write; the answer completes once the entry is applied (or the replica knows it cannot say). */
    CompletableFuture<Effect.Reply> propose(String command) {
        long id = requests.incrementAndGet();
        CompletableFuture<Effect.Reply> answer = await(id);
        submit(() -> replica.propose(id, command));
        return answer;
    }

    /** An operator's change of members; the answer completes once it is committed, or refused. */
    CompletableFuture<Effect.Reply> changeMembers(Members.Change change) {
        long id = requests.incrementAndGet();
        CompletableFuture<Effect.Reply> answer = await(id);
        submit(() -> replica.changeMembers(id, change));
        return answer;
    }

    /** The members as this replica's log said them after its last batch: where to find a member added since it started. */
    Members members() {
        return members;
    }

    /** A client's read, through the replica's read index. */
    CompletableFuture<Effect.Reply> read(String query) {
        long id = requests.incrementAndGet();
        CompletableFuture<Effect.Reply> answer = await(id);
        submit(() -> replica.read(id, query));
        return answer;
    }

    /** The caller gave up waiting: a late answer goes nowhere. */
    void forget(CompletableFuture<Effect.Reply> answer) {
        waiting.values().remove(answer);
    }

    private CompletableFuture<Effect.Reply> await(long id) {
        CompletableFuture<Effect.Reply> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        return answer;
    }

    /** Queues one input for the replica's thread; a batch runs every input queued by the time it starts. */
    private void submit(Runnable input) {
        inputs.add(input);
        if (batchDue.compareAndSet(false, true)) {
            thread.execute(this::runBatch);
        }
    }

    private void runBatch() {
        batchDue.set(false);
        if (failed) {
            inputs.clear();
            return;
        }
        try {
            Status before = status;
            for (Runnable input = inputs.poll(); input != null; input = inputs.poll()) {
                input.run();
            }
            List<Effect> batch = replica.drain();
            members = replica.members(); // before the sends: a member just added is sent to where it is
            carryOut(batch);
            if (batch.stream().anyMatch(effect -> effect instanceof Effect.Persist)) {
                replica.persisted(); // forced: a leader may count its own copy now
                carryOut(replica.drain());
            }
            status = replica.status();
            report(before, status);
        } catch (IOException | RuntimeException e) {
            // The journal could not force, or the replica broke a rule: what is on disk is no longer
            // known, so this replica stops taking part rather than answer from a state it may lose.
            failed = true;
            log.error("{} stopped: {}", replica.id(), e.toString());
        }
    }

    private void carryOut(List<Effect> batch) throws IOException {
        List<Message> sends = new ArrayList<>();
        for (Effect effect : batch) {
            if (effect instanceof Effect.Persist persist) {
                send(sends); // a leader's AppendEntries, put before its Persist: on their way while it forces
                journal.write(persist); // forced before anything after it leaves
            } else if (effect instanceof Effect.Send send) {
                sends.add(send.message());
            } else if (effect instanceof Effect.Reply reply) {
                CompletableFuture<Effect.Reply> answer = waiting.remove(reply.requestId());
                if (answer != null) {
                    answer.complete(reply);
                }
            } else if (effect instanceof Effect.Refused refused) {
                refusals.add(refused);
            }
        }
        send(sends); // only once the batch's Persist is forced
    }

    private void send(List<Message> sends) {
        if (!sends.isEmpty() && !faults.isolated()) {
            network.accept(List.copyOf(sends));
        }
        sends.clear();
    }

    /** One line per change of role or term: elections and step-downs. */
    private static void report(Status before, Status now) {
        if (before.role() == now.role() && before.term() == now.term()) {
            return;
        }
        if (now.role() == Role.LEADER) {
            log.info("{} leads term {} (log {}, commit {})", now.id(), now.term(), now.lastLogIndex(), now.commitIndex());
        } else if (now.role() == Role.CANDIDATE) {
            log.info("{} stands for term {}", now.id(), now.term());
        } else if (before.role() == Role.LEADER) {
            log.info("{} steps down in term {}", now.id(), now.term());
        } else {
            log.info("{} follows in term {}", now.id(), now.term());
        }
    }

    @Override
    public void close() throws IOException {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }
}
