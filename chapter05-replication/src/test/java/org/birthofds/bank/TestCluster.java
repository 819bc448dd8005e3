package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.birthofds.bank.balancer.BalancerFlags;
import org.birthofds.bank.balancer.BalancerNode;
import org.birthofds.bank.balancer.NodeCounters;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.node.AdminToken;

/**
 * Chapter 4's front in the test JVM: one data tier, N logic nodes named logic-1..N, and the load
 * balancer in front of them, all on 127.0.0.1 and port 0. Crash tests use child JVMs instead.
 */
final class TestCluster implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    final BankNode data;
    final List<LogicNode> logic;
    final BalancerNode balancer;

    private TestCluster(BankNode data, List<LogicNode> logic, BalancerNode balancer) {
        this.data = data;
        this.logic = logic;
        this.balancer = balancer;
    }

    /** {@code n} logic nodes, each started with {@code logicFlags}, behind a balancer with {@code policy}. */
    static TestCluster start(int n, String policy, String... logicFlags) throws IOException {
        BankNode data = TestNodes.memoryOnly();
        List<LogicNode> logic = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            logic.add(TestNodes.logic(data.url(), TestNodes.concat(new String[] {"--node", "logic-" + i}, logicFlags)));
        }
        List<String> urls = logic.stream().map(LogicNode::url).toList();
        return new TestCluster(data, logic, balancer(policy, urls));
    }

    /** A balancer in front of nodes named logic-1.. at these URLs, plus any extra balancer flags. */
    static BalancerNode balancer(String policy, List<String> urls, String... extraFlags) throws IOException {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            pairs.add("logic-" + (i + 1) + "=" + urls.get(i));
        }
        return BalancerNode.start(BalancerFlags.parse(TestNodes.concat(
                new String[] {"--port", "0", "--policy", policy, "--nodes", String.join(",", pairs)}, extraFlags)));
    }

    String url() {
        return balancer.url();
    }

    /**
     * Waits until the balancer counts exactly these requests in flight, logic-1..N. A node's
     * request stops counting when Jetty has finished the exchange, which can be just after the
     * client has read the answer: a test that reads the counters must wait for that moment.
     */
    void awaitInFlight(Long... expected) {
        awaitInFlight(balancer, expected);
    }

    static void awaitInFlight(BalancerNode balancer, Long... expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(balancer.counters())
                        .extracting(NodeCounters::inFlight).containsExactly(expected));
    }

    /** The balancer's counters: requests sent to each node, in the order logic-1..N. */
    List<Long> sent() {
        return balancer.counters().stream().map(NodeCounters::sent).toList();
    }

    @Override
    public void close() throws IOException {
        balancer.close();
        for (LogicNode node : logic) {
            node.close();
        }
        data.close();
    }

    /** An answer as the client sees it, with the headers this chapter is about. */
    record Answer(int status, String servedBy, String retryAfter, String contentType, String body) {
    }

    static Answer get(String url) {
        return send(request(url).GET().build());
    }

    /** As the operator: with the admin token, which admin endpoints ask for. */
    static Answer getAsOperator(String url) {
        return send(request(url).header(AdminToken.HEADER, TestSecret.adminToken()).GET().build());
    }

    static Answer postAsOperator(String url, String json) {
        return send(request(url).header(AdminToken.HEADER, TestSecret.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static CompletableFuture<Answer> getAsync(String url) {
        return HTTP.sendAsync(request(url).GET().build(), HttpResponse.BodyHandlers.ofString()).thenApply(TestCluster::answer);
    }

    static Answer post(String url, String json, String idempotencyKey) {
        HttpRequest.Builder post = request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send((idempotencyKey == null ? post : post.header("Idempotency-Key", idempotencyKey)).build());
    }

    /** How many answers each node gave, by X-Served-By, in the order of {@code nodes}. */
    static List<Long> servedBy(List<Answer> answers, String... nodes) {
        var counts = answers.stream().collect(Collectors.groupingBy(a -> String.valueOf(a.servedBy()), Collectors.counting()));
        return List.of(nodes).stream().map(node -> counts.getOrDefault(node, 0L)).toList();
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    private static Answer send(HttpRequest request) {
        try {
            return answer(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer answer(HttpResponse<String> r) {
        return new Answer(r.statusCode(), r.headers().firstValue("X-Served-By").orElse(null),
                r.headers().firstValue("Retry-After").orElse(null), r.headers().firstValue("Content-Type").orElse(null),
                r.body());
    }
}
