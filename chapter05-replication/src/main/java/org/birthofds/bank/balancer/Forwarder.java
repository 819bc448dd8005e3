package org.birthofds.bank.balancer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.birthofds.bank.data.Idempotency;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's one job, as the series tells it: choose a node for each request. Jetty's reverse
 * proxy does the HTTP (it streams the node's answer back, status, headers and body as they are,
 * X-Served-By and Retry-After included); this class only says which node, through the
 * {@link Policy}, and tells the policy when each request is over, whatever its end.
 *
 * <p>Chapter 5 fixes what chapter 4 left, in chapter 4's words "round robin keeps sending a dead
 * node its share": the policy chooses only among the nodes in service ({@link Health}, fed by the
 * {@link Prober}'s health checks and by refused connections), and a request that failed on one
 * node goes to another when {@link Retry} says that is safe, each other node at most once, all
 * within --timeout-ms. To send a body again the balancer keeps a copy of it while the request
 * lasts; the API refuses a body over 64 KiB, so no copy is longer than that. A longer one, or one
 * of unknown length, is streamed to one node as in chapter 4 and never sent again.
 *
 * <p>It keeps nothing about a request once it is over, so a balancer can be restarted, or run as
 * two, without either knowing: its only state is the policy's turn and the counters (health
 * included).
 */
final class Forwarder extends ProxyHandler {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRIES = Forwarder.class.getName() + ".tries";
    private static final String RETRY_AFTER_SECONDS = "1";
    static final int KEPT_BODY_LIMIT = 64 * 1024;

    private final Policy policy;
    private final Health health;
    private final Map<String, URI> nodes;
    private final List<String> names;
    private final AtomicLongArray failed;
    private final AtomicLongArray retried;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    Forwarder(Policy policy, Health health, Map<String, URI> nodes, Duration connectTimeout, Duration requestTimeout) {
        this.policy = policy;
        this.health = health;
        this.nodes = Map.copyOf(nodes);
        this.names = List.copyOf(nodes.keySet());
        this.failed = new AtomicLongArray(names.size());
        this.retried = new AtomicLongArray(names.size());
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** Keeps the body (if it may be sent again), then chooses the first node; the policy counts each try in flight until it ends. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Callback over = new Callback() {
            @Override
            public void succeeded() {
                finishLastTry(request);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                finishLastTry(request);
                callback.failed(failure);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        long length = request.getLength();
        if (!hasBody(request) || length < 0 || length > KEPT_BODY_LIMIT) {
            first(request, response, over, new Tries(requestTimeout, null));
        } else {
            Content.Source.asByteArrayAsync(request, (int) length).whenComplete((body, failure) -> {
                if (failure != null) {
                    over.failed(failure); // the client went away before it had sent its body
                } else {
                    first(request, response, over, new Tries(requestTimeout, body));
                }
            });
        }
        return true;
    }

    private void first(Request request, Response response, Callback over, Tries tries) {
        request.setAttribute(TRIES, tries);
        Optional<String> node = policy.pick(health::admitted);
        if (node.isEmpty()) {
            log.warn("{} {}: 503, no logic node in service", request.getMethod(), request.getHttpURI().getPath());
            unavailable(response, over, "every logic node is out of service (" + String.join(", ", names)
                    + "): each failed its health checks or refused a connection. Nothing was sent, so nothing happened.");
            return;
        }
        tries.start(node.get());
        send(request, response, over);
    }

    private void send(Request request, Response response, Callback over) {
        try {
            super.handle(request, response, over);
        } catch (RuntimeException e) {
            over.failed(e);
        }
    }

    private void finishLastTry(Request request) {
        Tries tries = (Tries) request.getAttribute(TRIES);
        if (tries != null && tries.last() != null) {
            policy.finished(tries.last().node());
        }
    }

    /** The same path and query, on the node of this try. */
    @Override
    protected HttpURI rewriteHttpURI(Request request) {
        URI node = nodes.get(tries(request).last().node());
        return HttpURI.build(request.getHttpURI()).scheme(node.getScheme()).host(node.getHost()).port(node.getPort());
    }

    /**
     * Marks the try as gone to the node as soon as it starts on a connection, not once Jetty reports
     * its headers sent: a node that reads the request and resets the connection at once can have its
     * reset seen before that report, and the request would pass for one that never left. What is
     * left of the time is its timeout.
     */
    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI rewritten) {
        Tries tries = tries(request);
        Tries.Try now = tries.last();
        org.eclipse.jetty.client.Request toNode = super.newProxyToServerRequest(request, rewritten)
                .onRequestBegin(started -> now.left().set(true));
        return tries.limited() ? toNode.timeout(tries.millisLeft(), TimeUnit.MILLISECONDS) : toNode;
    }

    /** The kept copy of the body, so that every try sends the same bytes; a body not kept is streamed as it comes. */
    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(Request request, Response response,
            org.eclipse.jetty.client.Request toNode) {
        byte[] body = tries(request).body();
        return body == null ? super.newProxyToServerRequestContent(request, response, toNode)
                : new BytesRequestContent(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
    }

    @Override
    protected void configureHttpClient(HttpClient client) {
        super.configureHttpClient(client);
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setMaxConnectionsPerDestination(512); // a connection per request in flight, as the load generator's clients
    }

    /**
     * The node gave no answer: no connection, a connection that broke, or nothing in time. Sent
     * again to another node in service when that is safe and time is left; else the API's 503
     * with Retry-After and its error body (Jetty's default is a bare 502 or 504).
     */
    @Override
    protected void onServerToProxyResponseFailure(Request request, org.eclipse.jetty.client.Request toNode,
            org.eclipse.jetty.client.Response fromNode, Response response, Callback callback, Throwable failure) {
        Tries tries = tries(request);
        Tries.Try failedTry = tries.last();
        String node = failedTry.node();
        failed.incrementAndGet(names.indexOf(node));
        String why = why(failure);
        if (couldNotConnect(failure)) {
            health.refused(node, why);
        }
        boolean keyed = request.getHeaders().get(Retry.KEY_HEADER) != null;
        if (!response.isCommitted() && canSendAgain(request, tries) && !tries.timeIsUp()
                && Retry.allowed(request.getMethod(), keyed, failedTry.left().get())) {
            Optional<String> next = policy.pick(n -> health.admitted(n) && !tries.tried(n));
            if (next.isPresent()) {
                retried.incrementAndGet(names.indexOf(node));
                log.warn("{} {} to {}: {}; sent again, to {}", request.getMethod(), request.getHttpURI().getPath(), node,
                        why, next.get());
                policy.finished(node);
                tries.start(next.get());
                response.reset(); // whatever the failed try had begun to set, status or headers
                send(request, response, callback);
                return;
            }
        }
        log.warn("{} {} to {}: 503, {}", request.getMethod(), request.getHttpURI().getPath(), node, why);
        if (response.isCommitted()) {
            callback.failed(failure); // half an answer is already on its way: all that is left is to break it off
            return;
        }
        unavailable(response, callback, "logic node " + node + " at " + nodes.get(node) + " gave no answer: " + why
                + ". A write may or may not have happened: repeat it with the same Idempotency-Key to settle it.");
    }

    /** One short phrase: Jetty's message for a closed connection is the whole connection's state. */
    private String why(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "no answer within " + requestTimeout.toMillis() + " ms";
        }
        if (failure instanceof EOFException) {
            return "the connection closed before an answer";
        }
        String message = String.valueOf(failure.getMessage());
        return message.length() <= 100 ? message : failure.getClass().getSimpleName();
    }

    private static void unavailable(Response response, Callback callback, String why) {
        response.reset();
        response.setStatus(503);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(why)), callback);
    }

    private static byte[] body(String why) {
        try {
            return JSON.writeValueAsBytes(new Unavailable("Temporarily unavailable: " + why));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
        }
    }

    /** As Jetty's proxy decides whether a request has a body to stream. */
    private static boolean hasBody(Request request) {
        long length = request.getLength();
        return length > 0 || length < 0 && request.getHeaders().get(HttpHeader.TRANSFER_ENCODING) != null;
    }

    /** No body, or a kept one: a body streamed to the first node is gone. */
    private static boolean canSendAgain(Request request, Tries tries) {
        return tries.body() != null || !hasBody(request);
    }

    /** Nothing listens at the node's address, or it said no to the connection. */
    private static boolean couldNotConnect(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static Tries tries(Request request) {
        return (Tries) request.getAttribute(TRIES);
    }

    /** Per node, in the order of --nodes. */
    List<NodeCounters> counters() {
        return policy.counts().stream().map(c -> {
            int i = names.indexOf(c.node());
            return new NodeCounters(c.node(), c.sent(), c.inFlight(), failed.get(i), retried.get(i),
                    !health.admitted(c.node()), health.ejections(c.node()));
        }).toList();
    }
}
