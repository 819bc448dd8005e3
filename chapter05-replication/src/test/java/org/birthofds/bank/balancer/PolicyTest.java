package org.birthofds.bank.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The balancer's choice of node, checked exactly: no HTTP, no sleeps, no "roughly even". */
class PolicyTest {
    private static final List<String> NODES = List.of("A", "B", "C");

    @Test
    void round_robin_sends_exactly_k_requests_to_each_of_n_nodes() {
        Policy policy = Policy.named("round-robin", NODES);

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 3 * 4; i++) {
            picks.add(policy.pick());
        }

        assertThat(picks).containsExactly("A", "B", "C", "A", "B", "C", "A", "B", "C", "A", "B", "C");
        assertThat(policy.counts()).containsExactly(
                new NodeCount("A", 4, 4), new NodeCount("B", 4, 4), new NodeCount("C", 4, 4));
    }

    @Test
    void round_robin_stays_exactly_even_when_many_threads_pick_at_once() throws Exception {
        Policy policy = Policy.named("round-robin", NODES);
        int rounds = 10_000;

        // One pick per thread per round, all threads released together: after every round each
        // node has had exactly one request per round so far, and any lost turn shows at once.
        List<String> uneven = inRounds(policy, rounds, () -> policy.finished(policy.pick()));

        assertThat(uneven).as("rounds after which the nodes were not level").isEmpty();
        assertThat(policy.counts()).containsExactly(
                new NodeCount("A", rounds, 0), new NodeCount("B", rounds, 0), new NodeCount("C", rounds, 0));
    }

    @Test
    void least_outstanding_avoids_a_node_whose_requests_are_held() {
        Policy policy = Policy.named("least-outstanding", NODES);
        assertThat(policy.pick()).isEqualTo("A"); // held: A is now busy

        List<String> next = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String node = policy.pick();
            next.add(node);
            policy.finished(node); // B and C answer at once
        }

        assertThat(next).containsExactly("B", "C", "B", "C", "B", "C");
        assertThat(policy.counts()).containsExactly(
                new NodeCount("A", 1, 1), new NodeCount("B", 3, 0), new NodeCount("C", 3, 0));
    }

    @Test
    void least_outstanding_sends_to_the_node_that_just_freed_up_and_rotates_ties() {
        Policy policy = Policy.named("least-outstanding", NODES);
        assertThat(List.of(policy.pick(), policy.pick(), policy.pick())).containsExactly("A", "B", "C");
        assertThat(policy.pick()).isEqualTo("A"); // all tied at one: the turn comes round again

        policy.finished("C");
        assertThat(policy.pick()).isEqualTo("C"); // A 2, B 1, C 0
        assertThat(policy.pick()).isEqualTo("B"); // A 2, B 1, C 1: B comes first after C
        assertThat(policy.counts()).extracting(NodeCount::inFlight).containsExactly(2L, 2L, 1L);
    }

    @Test
    void least_outstanding_keeps_its_counts_exact_under_many_threads() throws Exception {
        Policy policy = Policy.named("least-outstanding", NODES);
        int threads = 4;
        int picksPerThread = 20_000;

        race(threads, () -> {
            for (int i = 0; i < picksPerThread; i++) {
                policy.finished(policy.pick());
            }
        });

        List<NodeCount> counts = policy.counts();
        assertThat(counts).extracting(NodeCount::inFlight).containsOnly(0L);
        assertThat(counts.stream().mapToLong(NodeCount::sent).sum()).isEqualTo((long) threads * picksPerThread);
        // With at most 4 requests in flight over 3 nodes, no node can be starved.
        assertThat(counts).allSatisfy(count -> assertThat(count.sent()).isPositive());
    }

    @Test
    void least_outstanding_never_lets_two_racing_picks_choose_the_same_least_busy_node() throws Exception {
        Policy policy = Policy.named("least-outstanding", NODES);
        int rounds = 10_000;

        // Nothing finishes, so three picks at once from level nodes must land on three different
        // nodes; two threads that both took "the" least busy one would leave the round uneven.
        List<String> uneven = inRounds(policy, rounds, policy::pick);

        assertThat(uneven).as("rounds after which the nodes were not level").isEmpty();
        assertThat(policy.counts()).containsExactly(new NodeCount("A", rounds, rounds),
                new NodeCount("B", rounds, rounds), new NodeCount("C", rounds, rounds));
    }

    @Test
    void round_robin_steps_over_a_node_out_of_service_and_the_others_share_its_turns_evenly() {
        Policy policy = Policy.named("round-robin", NODES);

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(policy.pick(node -> !node.equals("B")).orElseThrow());
        }
        picks.add(policy.pick()); // B back in service: the turn goes on from where it was

        assertThat(picks).containsExactly("A", "C", "A", "C", "A", "C", "A");
        assertThat(policy.counts()).extracting(NodeCount::sent).containsExactly(4L, 0L, 3L);
    }

    @Test
    void least_outstanding_chooses_only_among_the_nodes_in_service() {
        Policy policy = Policy.named("least-outstanding", NODES);
        assertThat(policy.pick()).isEqualTo("A"); // A busy: one in flight

        // B, the idlest, is out: of A (1) and C (0), C.
        assertThat(policy.pick(node -> !node.equals("B"))).contains("C");
        // Only A is in service: busy or not, A.
        assertThat(policy.pick(node -> node.equals("A"))).contains("A");
        assertThat(policy.counts()).extracting(NodeCount::sent).containsExactly(2L, 0L, 1L);
    }

    @Test
    void with_no_node_in_service_a_policy_picks_none_and_counts_nothing() {
        for (String name : List.of("round-robin", "least-outstanding")) {
            Policy policy = Policy.named(name, NODES);

            assertThat(policy.pick(node -> false)).as(name).isEmpty();
            assertThat(policy.counts()).as(name).extracting(NodeCount::sent).containsOnly(0L);
            assertThat(policy.pick()).as(name).isEqualTo("A"); // and the turn did not move
        }
    }

    @Test
    void a_policy_is_chosen_by_its_flag_name_and_refuses_others() {
        assertThat(Policy.named("round-robin", NODES)).isInstanceOf(RoundRobin.class);
        assertThat(Policy.named("least-outstanding", NODES)).isInstanceOf(LeastOutstanding.class);
        assertThatThrownBy(() -> Policy.named("random", NODES))
                .hasMessageContaining("round-robin or least-outstanding, not \"random\"");
    }

    @Test
    void finishing_a_request_that_was_never_sent_is_refused() {
        Policy policy = Policy.named("round-robin", NODES);

        assertThatThrownBy(() -> policy.finished("B")).hasMessageContaining("no request in flight");
        assertThatThrownBy(() -> policy.finished("Z")).hasMessageContaining("No node Z");
        assertThat(policy.counts()).extracting(NodeCount::inFlight).containsOnly(0L);
    }

    /** The policy that {@code --policy two-choices --seed N} gives a balancer in front of these nodes. */
    private static Policy twoChoices(List<String> nodes, long seed) {
        String named = nodes.stream().map(n -> n + "=http://127.0.0.1:7081").collect(Collectors.joining(","));
        return BalancerFlags.parse("--policy", "two-choices", "--seed", String.valueOf(seed), "--nodes", named).newPolicy();
    }

    /** 3000 requests; those sent to a slow node stay in flight, the others finish at once. */
    private static double slowShare(Policy policy, Predicate<String> slow) {
        int toSlow = 0;
        for (int i = 0; i < 3000; i++) {
            String node = policy.pick();
            if (slow.test(node)) {
                toSlow++;
            } else {
                policy.finished(node);
            }
        }
        return toSlow / 3000.0;
    }

    private static List<String> picks(Policy policy, int count) {
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picks.add(policy.pick());
            policy.finished(picks.get(i));
        }
        return picks;
    }

    private static void holdMonitor(Object monitor, CountDownLatch holding, CountDownLatch letGo) {
        synchronized (monitor) {
            holding.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs the body once per round on as many threads as there are nodes, all released by one
     * barrier, and after each round (with every thread parked) checks that the nodes have been
     * sent exactly the same number of requests. Returns the rounds where they had not.
     */
    private static List<String> inRounds(Policy policy, int rounds, Runnable body) throws Exception {
        List<String> uneven = new ArrayList<>(); // written only by the barrier action, read after the join
        AtomicInteger round = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(NODES.size(), () -> {
            int finished = round.incrementAndGet();
            List<NodeCount> counts = policy.counts();
            if (uneven.size() < 5 && counts.stream().anyMatch(count -> count.sent() != finished)) {
                uneven.add("round " + finished + ": " + counts);
            }
        });
        race(NODES.size(), () -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    body.run();
                    barrier.await();
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException(e);
            }
        });
        return uneven;
    }

    /** Runs the body on {@code threads} threads released together, so they really do overlap. */
    private static void race(int threads, Runnable body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    body.run();
                    return null;
                }));
            }
            ready.await();
            go.countDown();
            for (Future<?> future : done) {
                future.get(); // rethrows anything a thread threw
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
