package org.birthofds.bank.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.birthofds.bank.data.Idempotency;

/**
 * Another tier, across the network, over HTTP. Every call has a connect timeout and a request
 * timeout, so a server that stops answering costs its callers a bounded wait, not a hang.
 * Connections are kept alive between calls, because opening one costs a round trip of its own.
 */
public final class HttpRemote implements Remote {
    /** Jetty closes a connection after 30 s of silence; never reuse one that may be closing. */
    private static final long MAX_IDLE_NANOS = 15_000_000_000L;

    private record Idle(HttpConnection connection, long since) {
    }

    private final String name;
    private final URI url;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final Clock clock;
    private final Proof proof; // null: calls outside the cluster's own, which prove nothing
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();

    /** @param name what to call the other tier in messages, such as "data tier" */
    public HttpRemote(String name, URI url, int connectTimeoutMs, int requestTimeoutMs) {
        this(name, url, connectTimeoutMs, requestTimeoutMs, Clock.SYSTEM);
    }

    public HttpRemote(String name, URI url, int connectTimeoutMs, int requestTimeoutMs, Clock clock) {
        this(name, url, connectTimeoutMs, requestTimeoutMs, clock, null);
    }

    /** Chapter 5: a call inside the cluster, which carries its {@link Proof}. */
    public HttpRemote(String name, URI url, int connectTimeoutMs, int requestTimeoutMs, Proof proof) {
        this(name, url, connectTimeoutMs, requestTimeoutMs, Clock.SYSTEM, proof);
    }

    HttpRemote(String name, URI url, int connectTimeoutMs, int requestTimeoutMs, Clock clock, Proof proof) {
        this.name = name;
        this.url = url;
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.clock = clock;
        this.proof = proof;
    }

    /**
     * Sends one request and waits, within the timeouts, for its answer. When the connection
     * breaks before the answer arrives, the request is sent once more on a new connection, but
     * only if repeating it is safe: a read, or a write with an Idempotency-Key, which the data
     * tier applies once however often it arrives. A write without a key is never repeated here;
     * it might have happened. A timeout is not repeated either: it would double the wait.
     */
    @Override
    public Response call(String method, String path, String json, String idempotencyKey) throws Unreachable {
        try {
            return exchange(method, path, json, idempotencyKey);
        } catch (Unreachable e) {
            boolean safeToRepeat = method.equals("GET") || idempotencyKey != null;
            if (!safeToRepeat || e.timedOut()) {
                throw e;
            }
            return exchange(method, path, json, idempotencyKey);
        }
    }

    private Response exchange(String method, String path, String json, String key) throws Unreachable {
        HttpConnection connection = borrow();
        try {
            Response answer = connection.exchange(method, path, json, headers(method, path, json, key));
            if (connection.isOpen()) {
                idle.push(new Idle(connection, clock.nanoTime()));
            }
            return answer;
        } catch (IOException e) {
            connection.close();
            closeIdle(); // one broken connection usually means the other side restarted: the rest are stale too
            throw new Unreachable("the " + name + " at " + url + " gave no answer: " + why(e),
                    e instanceof SocketTimeoutException, !connection.wasSent());
        }
    }

    private Map<String, String> headers(String method, String path, String json, String key) {
        Map<String, String> headers = new HashMap<>(proof == null ? Map.of() : proof.headers(method, path, json));
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        return headers;
    }

    private String why(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + (e.getMessage().contains("onnect") ? connectTimeoutMs : requestTimeoutMs) + " ms";
        } else if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getMessage();
    }

    private HttpConnection borrow() {
        for (Idle kept = idle.poll(); kept != null; kept = idle.poll()) {
            if (clock.nanoTime() - kept.since() < MAX_IDLE_NANOS) {
                return kept.connection();
            }
            kept.connection().close();
        }
        return new HttpConnection(url, connectTimeoutMs, requestTimeoutMs);
    }

    private void closeIdle() {
        for (Idle kept = idle.poll(); kept != null; kept = idle.poll()) {
            kept.connection().close();
        }
    }

    @Override
    public void close() {
        closeIdle();
    }
}
