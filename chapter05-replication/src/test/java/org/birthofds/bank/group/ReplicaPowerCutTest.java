package org.birthofds.bank.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.birthofds.bank.MemoryDisk;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;
import org.birthofds.bank.replication.Message.RequestVote;
import org.birthofds.bank.replication.Message.Vote;
import org.birthofds.bank.replication.Notebook;
import org.birthofds.bank.replication.StateMachine;
import org.junit.jupiter.api.Test;

/**
 * Pulling the plug under a replica's runtime, at every operation of its disk in turn. The real
 * loop ({@link ReplicaLoop}) and the real journal ({@link RaftJournal}) run on a {@link MemoryDisk},
 * which at a power cut keeps only what was forced (and a seeded torn prefix of the rest). A kill -9
 * cannot show this: the page cache outlives the process. After the cut, the disk must hold a state
 * the replica really went through, and no older than anything it said: every vote it gave, every
 * entry it acknowledged, every write it answered. A journal that does not force, or a loop that
 * sends before its journal is forced, fails here.
 */
class ReplicaPowerCutTest {
    private static final Path DIR = Path.of("/power-cut/replica");
    private static final Duration CEILING = Duration.ofSeconds(30);
    private static final long SEED = Long.getLong("seed", 5L);

    /** A follower's inputs: two leaders' terms, a vote refused, a conflicting suffix cut back, a vote given again. */
    private static final List<Message> FOLLOWER_SCRIPT = List.of(
            new RequestVote(1, "r2", "r1", 0, 0, ""),
            new AppendEntries(1, "r2", "r1", 0, 0, List.of(e(1, 1, ""), e(2, 1, "a")), 0, 0),
            new AppendEntries(1, "r2", "r1", 2, 1, List.of(e(3, 1, "b"), e(4, 1, "c")), 2, 0),
            new RequestVote(2, "r3", "r1", 3, 1, ""),
            new AppendEntries(3, "r3", "r1", 3, 1, List.of(e(4, 3, ""), e(5, 3, "d")), 3, 0),
            new RequestVote(4, "r2", "r1", 5, 3, ""),
            new AppendEntries(4, "r2", "r1", 5, 3, List.of(e(6, 4, "")), 5, 0));

    /** The follower's durable state after each input of its script (index 0: before the first). */
    private static final List<Durable> FOLLOWER_STATES = List.of(
            Durable.empty(),
            new Durable(1, "r2", List.of()),
            new Durable(1, "r2", List.of(e(1, 1, ""), e(2, 1, "a"))),
            new Durable(1, "r2", List.of(e(1, 1, ""), e(2, 1, "a"), e(3, 1, "b"), e(4, 1, "c"))),
            new Durable(2, null, List.of(e(1, 1, ""), e(2, 1, "a"), e(3, 1, "b"), e(4, 1, "c"))),
            new Durable(3, null, List.of(e(1, 1, ""), e(2, 1, "a"), e(3, 1, "b"), e(4, 3, ""), e(5, 3, "d"))),
            new Durable(4, "r2", List.of(e(1, 1, ""), e(2, 1, "a"), e(3, 1, "b"), e(4, 3, ""), e(5, 3, "d"))),
            new Durable(4, "r2", List.of(e(1, 1, ""), e(2, 1, "a"), e(3, 1, "b"), e(4, 3, ""), e(5, 3, "d"), e(6, 4, ""))));

    @Test
    void a_follower_keeps_every_vote_and_acknowledgement_it_sent_across_a_power_cut_at_any_disk_operation()
            throws Exception {
        System.out.println("ReplicaPowerCutTest seed " + SEED + " (replay with -Dseed=" + SEED + ")");
        Random tears = new Random(SEED);
        long operations = followerRun(Long.MAX_VALUE, null).operations();
        assertThat(operations).as("disk operations of the whole script").isGreaterThanOrEqualTo(2L * FOLLOWER_SCRIPT.size());
        for (long cut = 1; cut <= operations; cut++) {
            // 1. The script, with the power cut at the cut-th disk operation (torn, now and then).
            Random tear = tears.nextBoolean() ? new Random(tears.nextLong()) : null;
            FollowerRun run = followerRun(cut, tear);
            // 2. What survives is the state after some input the loop had begun, and no older than its last
            //    answer; or, torn, that input's write cut between two of its lines (an entry a line each),
            //    of which it had said nothing yet.
            int answered = run.said().size();
            List<Durable> whole = FOLLOWER_STATES.subList(answered, Math.min(answered + 2, FOLLOWER_STATES.size()));
            if (tear == null || !tornBetween(whole, run.recovered())) {
                assertThat(whole).as("power cut at disk operation %d of %d, after %d answers: %s", cut, operations, answered,
                        run.said()).contains(run.recovered());
            }
            // 3. In particular, nothing it said is contradicted by what it came back with.
            for (Message said : run.said()) {
                assertThat(run.recovered().term()).as("term, after saying %s", said).isGreaterThanOrEqualTo(said.term());
                if (said instanceof Vote vote && vote.granted() && run.recovered().term() == vote.term()) {
                    assertThat(run.recovered().votedFor()).as("vote, after saying %s", said).isEqualTo(vote.to());
                }
                if (said instanceof Appended ack && ack.success() && run.recovered().term() == ack.term()) {
                    assertThat((long) run.recovered().log().size()).as("log, after saying %s", said)
                            .isGreaterThanOrEqualTo(ack.matchIndex());
                }
            }
        }
    }

    @Test
    void a_lone_leader_keeps_every_write_it_answered_across_a_power_cut_at_any_disk_operation() throws Exception {
        Random tears = new Random(SEED + 1);
        long operations = leaderRun(Long.MAX_VALUE, null).operations();
        for (long cut = 1; cut <= operations; cut++) {
            // 1. A group of one elects itself and takes six writes, one at a time; the power goes at the cut-th operation.
            LeaderRun run = leaderRun(cut, tears.nextBoolean() ? new Random(tears.nextLong()) : null);
            // 2. Every write it answered is in the log it comes back with.
            List<String> kept = run.recovered().log().stream().map(Entry::command).toList();
            assertThat(kept).as("power cut at disk operation %d of %d", cut, operations).containsAll(run.answered());
        }
    }

    @Test
    void a_lone_leader_that_compacts_keeps_every_write_it_answered_across_a_power_cut_at_any_disk_operation()
            throws Exception {
        Random tears = new Random(SEED + 2);
        Config compacting = Config.raft().withSnapshots(new Config.SnapshotPolicy(2, 0, 100));
        long operations = leaderRun(Long.MAX_VALUE, null, compacting).operations();
        assertThat(recoverAfter(compacting).snapshot().index()).as("snapshots taken").isGreaterThanOrEqualTo(6);
        for (long cut = 1; cut <= operations; cut++) {
            // 1. As above, but it snapshots every two entries: the snapshot, then the journal behind it, are replaced whole.
            LeaderRun run = leaderRun(cut, tears.nextBoolean() ? new Random(tears.nextLong()) : null, compacting);
            // 2. Every write it answered is in the snapshot or in the log after it.
            Durable recovered = run.recovered();
            List<String> kept = new ArrayList<>(List.of(recovered.snapshot().state().split("\n|,")));
            recovered.log().stream().filter(e -> e.index() > recovered.snapshot().index()).map(Entry::command).forEach(kept::add);
            assertThat(kept).as("power cut at disk operation %d of %d: %s", cut, operations, recovered).containsAll(run.answered());
        }
    }

    private static Durable recoverAfter(Config config) throws Exception {
        return leaderRun(Long.MAX_VALUE, null, config).recovered();
    }

    /** The write between two whole states, torn after its first lines: the next term and vote, and part of the way to its log. */
    private static boolean tornBetween(List<Durable> whole, Durable recovered) {
        if (whole.size() < 2) {
            return false;
        }
        Durable before = whole.get(0);
        Durable after = whole.get(1);
        List<Entry> log = recovered.log();
        boolean partOfTheWay = log.equals(before.log())
                || log.size() < after.log().size() && log.equals(after.log().subList(0, log.size()));
        return recovered.term() == after.term() && java.util.Objects.equals(recovered.votedFor(), after.votedFor())
                && partOfTheWay;
    }

    private record FollowerRun(long operations, List<Message> said, Durable recovered) {
    }

    private record LeaderRun(long operations, List<String> answered, Durable recovered) {
    }

    private static FollowerRun followerRun(long cutAt, Random tear) throws Exception {
        MemoryDisk disk = new MemoryDisk();
        disk.cutPowerAtOperation(cutAt, tear);
        List<Message> said = Collections.synchronizedList(new ArrayList<>());
        ReplicaLoop loop = open(disk, "r1", List.of("r2", "r3"), said);
        if (loop != null) {
            for (Message input : FOLLOWER_SCRIPT) {
                int before = said.size();
                loop.receive(input);
                await().atMost(CEILING).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> said.size() > before || loop.stopped());
                if (loop.stopped()) {
                    break;
                }
            }
            loop.close();
        }
        long operations = disk.operations();
        disk.cutPowerIfStillOn(tear);
        return new FollowerRun(operations, List.copyOf(said), recover(disk));
    }

    private static LeaderRun leaderRun(long cutAt, Random tear) throws Exception {
        return leaderRun(cutAt, tear, Config.raft());
    }

    private static LeaderRun leaderRun(long cutAt, Random tear, Config config) throws Exception {
        MemoryDisk disk = new MemoryDisk();
        disk.cutPowerAtOperation(cutAt, tear);
        List<String> answered = new ArrayList<>();
        ReplicaLoop loop = open(disk, "r1", List.of(), config, new Commands(), messages -> { });
        if (loop != null) {
            loop.start();
            for (int i = 1; i <= 6 && !loop.stopped(); i++) {
                CompletableFuture<Effect.Reply> reply = loop.propose("write " + i);
                await().atMost(CEILING).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> reply.isDone() || loop.stopped());
                if (reply.isDone() && reply.get().answer() == Effect.Answer.OK) {
                    answered.add("write " + i);
                }
            }
            loop.close();
        }
        long operations = disk.operations();
        disk.cutPowerIfStillOn(tear);
        return new LeaderRun(operations, answered, recover(disk));
    }

    private static ReplicaLoop open(MemoryDisk disk, String id, List<String> peers, List<Message> said) {
        return open(disk, id, peers, Config.raft(), Notebook.NOTEBOOK, said::addAll);
    }

    /** The loop on the disk, or null if the power went while the journal was opened. */
    private static ReplicaLoop open(MemoryDisk disk, String id, List<String> peers, Config config, StateMachine machine,
                                    java.util.function.Consumer<List<Message>> network) {
        try {
            return new ReplicaLoop(id, peers, config, RaftJournal.open(disk, DIR), machine, network, new Faults());
        } catch (IOException powerWentOut) {
            return null;
        }
    }

    private static Durable recover(MemoryDisk disk) throws IOException {
        try (RaftJournal journal = RaftJournal.open(disk, DIR)) {
            return journal.restored().named(""); // the states compared are term, vote and log; the name is RaftJournalTest's
        }
    }

    /** A state machine whose snapshot is every command it applied, one per line: what a restart must not lose. */
    private static final class Commands implements StateMachine {
        private final List<String> applied = new ArrayList<>();

        @Override
        public String apply(String command) {
            applied.add(command);
            return "";
        }

        @Override
        public String read(String query) {
            return "";
        }

        @Override
        public String snapshot() {
            return String.join(",", applied);
        }

        @Override
        public void restore(String snapshot) {
            applied.clear();
            applied.addAll(List.of(snapshot.split(",")));
        }
    }

    private static Entry e(long index, long term, String command) {
        return new Entry(term, index, command);
    }
}
