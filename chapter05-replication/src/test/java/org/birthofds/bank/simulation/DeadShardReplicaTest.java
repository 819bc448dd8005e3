package org.birthofds.bank.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.birthofds.bank.checks.History;
import org.birthofds.bank.checks.History.Event;
import org.birthofds.bank.checks.History.Type;
import org.birthofds.bank.shard.Ring;
import org.junit.jupiter.api.Test;

/**
 * Failure-mode pair, the fixed side: a dead data machine. In chapter 4 a shard was one machine,
 * and ShardDownTest shows its accounts answering 503 until it restarts. Here a shard is a group
 * of three: its leader is crashed under load and stays down until everything heals at 3000 ms;
 * the other two elect a new leader, and the logic nodes find it by NOT_LEADER redirects.
 */
class DeadShardReplicaTest {
    static final long SEED = Long.getLong("seed", 11); // -Dseed=N: the replay a report prints
    static final long CRASH = 1000;

    @Test
    void a_group_whose_leader_dies_elects_another_and_its_accounts_keep_answering() {
        // 1. Load on both groups; at 1000 ms the leader of s2 (accounts a, c and d) crashes.
        Options options = Options.standard().withSchedule(Schedule.reliable(List.of(Fault.crashLeader(CRASH, "s2"))));
        Trial.Verdict verdict = Trial.run(SEED, options, getClass().getSimpleName());
        System.out.println("seed " + SEED + ", election delays " + verdict.run().electionDelays());
        Ring ring = Ring.of(options.groupIds());
        List<String> onS2 = options.accounts().stream().filter(a -> ring.shardFor(a).equals("s2")).toList();
        assertThat(onS2).containsExactly("a", "c", "d");
        // 2. s2 has a new leader within a second (an election timeout, 150-300 ms, and a vote).
        assertThat(verdict.run().electionDelays()).hasSize(1).allMatch(d -> d < 1000);
        // 3. From then on, s2's accounts answer: every operation on them invoked from 2000 ms until
        //    the heal is answered (done, or refused for funds), none unknown, and most are done.
        List<Event> after = verdict.history().events().stream()
                .filter(e -> e.type() == Type.INVOKE && e.time() >= CRASH + 1000 && e.time() < 2800)
                .filter(e -> touches(e, onS2)).toList();
        List<Type> outcomes = after.stream().map(e -> outcome(verdict.history(), e)).toList();
        System.out.println(after.size() + " operations on s2's accounts after its leader died: " + outcomes);
        assertThat(outcomes).hasSizeGreaterThan(10).doesNotContain(Type.UNKNOWN);
        assertThat(outcomes.stream().filter(t -> t == Type.OK).count()).isGreaterThan(outcomes.size() / 2);
        // 4. And nothing was lost or doubled on the way: every checker passes.
        verdict.assertPassed();
    }

    private static boolean touches(Event invoke, List<String> accounts) {
        History.Op op = invoke.call().op();
        return op.kind() == History.Kind.READ_ALL || accounts.contains(op.account()) || accounts.contains(op.to());
    }

    private static Type outcome(History history, Event invoke) {
        return history.events().stream().filter(e -> e.call().id() == invoke.call().id() && e.type() != Type.INVOKE)
                .map(Event::type).findFirst().orElse(Type.UNKNOWN);
    }
}
