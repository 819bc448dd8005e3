package org.birthofds.bank.balancer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's one job, as the series tells it: choose a node for each request. Jetty's reverse
 * proxy does the HTTP (it streams the request to the node and the node's answer back, status,
 * headers and body as they are, X-Served-By and Retry-After included); this class only says which
 * node, through the {@link Policy}, and tells the policy when each request is over, whatever its end.
 *
 * <p>It keeps nothing about a request once it is over, so a balancer can be restarted, or run as
 * two, without either knowing: its only state is the policy's turn and the counters.
 *
 * <p>FAILURE MODE (fixed in chapter 05): round robin keeps sending a dead node its share. The
 * balancer neither health-checks the nodes nor retries on another: each request that lands on a
 * dead node gets a 503 with Retry-After, and the client decides whether to send it again.
 */
final class Forwarder extends ProxyHandler {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE = Forwarder.class.getName() + ".node";
    private static final String RETRY_AFTER_SECONDS = "1";

    private final Policy policy;
    private final Map<String, URI> nodes;
    private final List<String> names;
    private final AtomicLongArray failed;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    Forwarder(Policy policy, Map<String, URI> nodes, Duration connectTimeout, Duration requestTimeout) {
        this.policy = policy;
        this.nodes = Map.copyOf(nodes);
        this.names = List.copyOf(nodes.keySet());
        this.failed = new AtomicLongArray(names.size());
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** Chooses the node before Jetty builds the request to it; the policy counts it in flight until the end. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String node = policy.pick();
        request.setAttribute(NODE, node);
        Callback over = new Callback() {
            @Override
            public void succeeded() {
                policy.finished(node);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                policy.finished(node);
                callback.failed(failure);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        try {
            return super.handle(request, response, over);
        } catch (RuntimeException e) {
            over.failed(e);
            return true;
        }
    }

    /** The same path and query, on the chosen node. */
    @Override
    protected HttpURI rewriteHttpURI(Request request) {
        URI node = nodes.get((String) request.getAttribute(NODE));
        return HttpURI.build(request.getHttpURI()).scheme(node.getScheme()).host(node.getHost()).port(node.getPort());
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI rewritten) {
        org.eclipse.jetty.client.Request toNode = super.newProxyToServerRequest(request, rewritten);
        return requestTimeout.isZero() ? toNode : toNode.timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void configureHttpClient(HttpClient client) {
        super.configureHttpClient(client);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setMaxConnectionsPerDestination(512); // a connection per request in flight, as the load generator's clients
    }

    /**
     * The node gave no answer: no connection, a connection that broke, or nothing within the timeout.
     * Jetty's default is a bare 502 or 504; the API promises a 503 with Retry-After and its error body.
     */
    @Override
    protected void onServerToProxyResponseFailure(Request request, org.eclipse.jetty.client.Request toNode,
            org.eclipse.jetty.client.Response fromNode, Response response, Callback callback, Throwable failure) {
        String node = (String) request.getAttribute(NODE);
        failed.incrementAndGet(names.indexOf(node));
        String why = failure instanceof TimeoutException ? "no answer within " + requestTimeout.toMillis() + " ms"
                : String.valueOf(failure.getMessage());
        log.warn("{} {} to {}: 503, {}", request.getMethod(), request.getHttpURI().getPath(), node, why);
        if (response.isCommitted()) {
            callback.failed(failure); // half an answer is already on its way: all that is left is to break it off
            return;
        }
        response.reset();
        response.setStatus(503);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(node, why)), callback);
    }

    private byte[] body(String node, String why) {
        try {
            return JSON.writeValueAsBytes(new Unavailable("Temporarily unavailable: logic node " + node + " at "
                    + nodes.get(node) + " gave no answer: " + why + ". A write may or may not have happened: repeat it"
                    + " with the same Idempotency-Key to settle it."));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Per node, in the order of --nodes. */
    List<NodeCounters> counters() {
        List<NodeCount> counts = policy.counts();
        return counts.stream()
                .map(c -> new NodeCounters(c.node(), c.sent(), c.inFlight(), failed.get(names.indexOf(c.node()))))
                .toList();
    }
}
