package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.birthofds.bank.balancer.BalancerNode;
import org.birthofds.bank.balancer.NodeCounters;
import org.birthofds.bank.logic.LogicMain;
import org.junit.jupiter.api.Test;

/**
 * Chapter 4's failure mode, fixed: "round robin keeps sending a dead node its share". The same
 * scenario as chapter 4's test of this name: three logic nodes, each a JVM of its own, behind a
 * round-robin balancer, and one killed with SIGKILL; now under a steady load of keyed deposits.
 * The balancer sends what the dead node refused or cut off to the other two, its health checks
 * take the node out, and once the node is restarted on its port they bring it back. No client
 * request fails, and every deposit is applied exactly once.
 */
class RoundRobinToADeadNodeTest {
    private static final int PATIENT_MS = 20_000;
    private static final Duration CEILING = Duration.ofSeconds(60);
    private static final int N = 3;
    private static final int CLIENTS = 3;

    @Test
    void a_dead_node_is_ejected_and_readmitted_while_no_keyed_request_fails() throws Exception {
        BankNode data = TestNodes.memoryOnly();
        List<ChildBank> nodes = new ArrayList<>();
        Load load = null;
        try {
            // 1. Three logic nodes in child JVMs, started side by side, behind a round-robin balancer.
            List<CompletableFuture<ChildBank>> starting = new ArrayList<>();
            for (int i = 1; i <= N; i++) {
                String name = "logic-" + i;
                starting.add(CompletableFuture.supplyAsync(() -> startLogic(data.url(), name, 0)));
            }
            starting.forEach(f -> nodes.add(f.join()));
            // Timeouts far above any answer on a busy machine: a slow answer here is not a dead node.
            try (BalancerNode balancer = TestCluster.balancer("round-robin", nodes.stream().map(ChildBank::url).toList(),
                    "--timeout-ms", "" + PATIENT_MS, "--probe-timeout-ms", "" + PATIENT_MS)) {

                // 2. A steady load: each client deposits 1 cent at a time into its own account, each under a new key.
                Load running = Load.start(balancer.url(), CLIENTS);
                load = running; // stopped in the end, whatever happens
                await().atMost(CEILING).until(() -> balancer.counters().stream().allMatch(c -> c.sent() >= 10));

                // 3. Pull the plug on logic-2: SIGKILL, no shutdown hook, no goodbye to the balancer.
                nodes.get(1).kill();

                // 4. The balancer takes it out of service.
                await().atMost(CEILING).until(() -> balancer.counters().get(1).ejected());

                // 5. While it is out it is sent nothing. Once every client has finished two more deposits, no
                //    choice made before the ejection is still under way; from then on logic-2's count stays put.
                running.awaitEachClientDone(2);
                long sentToTheDead = balancer.counters().get(1).sent();
                int answered = running.answers().size();
                await().atMost(CEILING).until(() -> running.answers().size() >= answered + 30);
                assertThat(balancer.counters().get(1).sent()).isEqualTo(sentToTheDead);

                // 6. Restart logic-2 on its port: two answered health checks bring it back, and it serves again.
                int port = URI.create(nodes.get(1).url()).getPort();
                nodes.set(1, startLogic(data.url(), "logic-2", port));
                await().atMost(CEILING).until(() -> !balancer.counters().get(1).ejected());
                int beforeBack = running.answers().size();
                await().atMost(CEILING).until(() -> {
                    List<TestCluster.Answer> sinceBack = List.copyOf(running.answers());
                    return TestCluster.servedBy(sinceBack.subList(beforeBack, sinceBack.size()), "logic-2").get(0) >= 5;
                });

                // 7. Not one client request failed.
                List<TestCluster.Answer> answers = running.stop();
                assertThat(answers).isNotEmpty().filteredOn(a -> a.status() != 200).isEmpty();

                // 8. Every deposit counted once, retried or not: each balance is the number of its deposits.
                for (int c = 0; c < CLIENTS; c++) {
                    assertThat(TestCluster.get(balancer.url() + "/accounts/" + Load.account(c)).body())
                            .isEqualTo("{\"id\":\"" + Load.account(c) + "\",\"balance\":" + running.deposits(c) + "}");
                }

                // 9. The counters tell the story: logic-2 out once and back; what failed there was sent again.
                TestCluster.awaitInFlight(balancer, 0L, 0L, 0L);
                List<NodeCounters> counters = balancer.counters();
                assertThat(counters).extracting(NodeCounters::ejections).containsExactly(0L, 1L, 0L);
                assertThat(counters).extracting(NodeCounters::ejected).containsOnly(false);
                assertThat(counters.get(1).retried()).isEqualTo(counters.get(1).failed());
                assertThat(List.of(counters.get(0), counters.get(2))).extracting(NodeCounters::failed).containsOnly(0L);
            }
        } finally {
            if (load != null) {
                load.stop();
            }
            for (ChildBank node : nodes) {
                node.kill();
            }
            data.close();
        }
    }

    private static ChildBank startLogic(String dataUrl, String name, int port) {
        try {
            return ChildBank.start(LogicMain.class, "--data-url", dataUrl, "--node", name, "--timeout-ms", "" + PATIENT_MS,
                    "--port", "" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closed-loop clients, each depositing 1 cent into its own account under a fresh key, until stopped. */
    private static final class Load {
        private final String api;
        private final List<TestCluster.Answer> answers = new CopyOnWriteArrayList<>();
        private final int[] done; // per client, written by its own thread only
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        private Load(String api, int clients) {
            this.api = api;
            this.done = new int[clients];
        }

        static String account(int client) {
            return "client-" + client;
        }

        static Load start(String api, int clients) {
            Load load = new Load(api, clients);
            for (int c = 0; c < clients; c++) {
                assertThat(TestCluster.post(api + "/accounts", "{\"id\":\"" + account(c) + "\"}", null).status()).isEqualTo(201);
            }
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> load.run(client), "load-" + client);
                thread.setDaemon(true);
                load.threads.add(thread);
                thread.start();
            }
            return load;
        }

        private void run(int client) {
            for (int n = 0; !stop.get(); n++) {
                TestCluster.Answer answer;
                try {
                    answer = TestCluster.post(api + "/accounts/" + account(client) + "/deposits", "{\"amount\":1}",
                            account(client) + "-" + n);
                } catch (RuntimeException e) {
                    answer = new TestCluster.Answer(-1, null, null, null, String.valueOf(e)); // no answer at all: a failure too
                }
                answers.add(answer);
                synchronized (this) {
                    done[client]++;
                }
            }
        }

        List<TestCluster.Answer> answers() {
            return answers;
        }

        /** Waits until every client has finished {@code more} deposits after this call. */
        void awaitEachClientDone(int more) {
            int[] from = snapshot();
            await().atMost(CEILING).until(() -> {
                int[] now = snapshot();
                for (int c = 0; c < now.length; c++) {
                    if (now[c] < from[c] + more) {
                        return false;
                    }
                }
                return true;
            });
        }

        synchronized int deposits(int client) {
            return done[client];
        }

        private synchronized int[] snapshot() {
            return done.clone();
        }

        /** Stops every client after its deposit under way, and returns every answer. */
        List<TestCluster.Answer> stop() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(CEILING.toMillis());
            }
            return List.copyOf(answers);
        }
    }
}
