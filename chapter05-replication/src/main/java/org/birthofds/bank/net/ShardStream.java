package org.birthofds.bank.net;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chapter 5, the cheap front door: a caller's one long-lived connection to one replica, a
 * WebSocket on the replica's own port ({@link #PATH}), proven with the cluster's secret once, when
 * it opens. Every call to {@code POST /shard} goes over it as a small frame ({@link CallFrames}),
 * and its answer comes back on it: many calls on their way at once, and no HTTP request, headers
 * or proof to write and read for each, on either side. The replica takes the request's JSON as
 * the caller wrote it into its log, without reading it into records and writing it out again.
 * Any other call goes as HTTP ({@link HttpRemote}), and so does every call to a server that
 * answers but serves no stream, such as chapter 4's lone shard.
 *
 * <p>It keeps the promises of an {@link HttpRemote}, so a {@link GroupRemote} treats the two alike:
 * a connection not made means nothing was sent; a connection lost, or no answer in time, means the
 * call may have happened, and only a call safe to repeat is sent once more, on a new connection.
 */
public final class ShardStream implements Remote {
    /** Where a replica takes its callers' streams. */
    public static final String PATH = "/shard/stream";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /**
     * A replica closes a stream after 10 minutes of silence (group.GroupServer). A call sent as it does
     * would be lost and, unless safe to repeat, given back as unknown: so a stream quiet for half
     * that is not used again, as HttpRemote does not reuse a connection that may be closing.
     */
    private static final long MAX_IDLE_NANOS = 300_000_000_000L;

    private final String name;
    private final URI url;
    private final URI stream;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final Proof proof;
    private final HttpRemote http;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private Connection current; // guarded by this: null until the first call, and after one is lost
    private volatile boolean servesNoStream; // chapter 4's lone shard, say: every call goes as HTTP

    /** @param name what to call the replica in messages; {@code proof} proves the stream as it opens */
    public ShardStream(String name, URI url, int connectTimeoutMs, int requestTimeoutMs, Proof proof) {
        this(name, url, connectTimeoutMs, requestTimeoutMs, proof, Clock.SYSTEM);
    }

    ShardStream(String name, URI url, int connectTimeoutMs, int requestTimeoutMs, Proof proof, Clock clock) {
        this.clock = clock;
        this.name = name;
        this.url = url;
        this.stream = URI.create("ws://" + url.getHost() + ":" + url.getPort() + PATH);
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.proof = proof;
        this.http = new HttpRemote(name, url, connectTimeoutMs, requestTimeoutMs, proof);
    }

    @Override
    public Response call(String method, String path, String json, String idempotencyKey) throws Unreachable {
        if (servesNoStream || !method.equals("POST") || !path.equals("/shard")) {
            return http.call(method, path, json, idempotencyKey);
        }
        Connection connection = connection();
        if (connection == null) { // it serves no stream: HttpRemote's own rules, and no second layer of retries on them
            return http.call("POST", "/shard", json, idempotencyKey);
        }
        try {
            return exchange(connection, json);
        } catch (Unreachable e) {
            if (idempotencyKey == null || e.timedOut() || e.neverSent()) {
                throw e; // as HttpRemote: only a call safe to repeat, whose connection broke, goes once more
            }
            try {
                connection = connection();
            } catch (Unreachable notAgain) {
                throw e; // the first try may have happened: say so, not that nothing was sent
            }
            if (connection == null) {
                throw e;
            }
            return exchange(connection, json);
        }
    }

    private Response exchange(Connection connection, String json) throws Unreachable {
        long id = ids.incrementAndGet();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        connection.pending.put(id, answer);
        if (connection.lost) { // lost while this call was being put in: it would wait for nothing
            connection.pending.remove(id);
            throw new Unreachable("the " + name + " at " + url + " gave no answer: the connection was lost", false, true);
        }
        connection.outbox.add(CallFrames.call(id, json));
        try {
            return requestTimeoutMs == 0 ? answer.get() : answer.get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            connection.pending.remove(id);
            throw new Unreachable("the " + name + " at " + url + " gave no answer: no answer within " + requestTimeoutMs
                    + " ms", true, false);
        } catch (ExecutionException e) {
            throw new Unreachable("the " + name + " at " + url + " gave no answer: the connection was lost", false, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.pending.remove(id);
            throw new Unreachable("the call to the " + name + " at " + url + " was interrupted", false, false);
        }
    }

    /**
     * The open stream, or a new one: a stream that cannot be opened in time sent nothing. Null when
     * the other side answers the opening but will not stream: it is called over HTTP from then on.
     */
    private Connection connection() throws Unreachable {
        Connection connection;
        synchronized (this) {
            if (current != null && !current.lost && clock.nanoTime() - current.lastUsed > MAX_IDLE_NANOS) {
                current.lose(null);
            }
            if (current == null || current.lost) {
                current = new Connection();
            }
            connection = current;
            connection.lastUsed = clock.nanoTime();
        }
        try {
            connection.opened.get(connectTimeoutMs == 0 ? Long.MAX_VALUE : connectTimeoutMs, TimeUnit.MILLISECONDS);
            return connection;
        } catch (TimeoutException | ExecutionException e) {
            connection.lose(e);
            if (e.getCause() instanceof WebSocketHandshakeException) {
                servesNoStream = true;
                return null;
            }
            // Said as HttpRemote says it, so that a caller's message does not depend on the way it went.
            Throwable cause = e instanceof TimeoutException ? e : e.getCause();
            String why = cause instanceof TimeoutException || cause instanceof HttpConnectTimeoutException
                    ? "no answer within " + connectTimeoutMs + " ms"
                    : cause instanceof ConnectException ? "connection refused" : String.valueOf(cause);
            throw new Unreachable("the " + name + " at " + url + " gave no answer: " + why,
                    cause instanceof TimeoutException || cause instanceof HttpConnectTimeoutException, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("the call to the " + name + " at " + url + " was interrupted", false, true);
        }
    }

    /** One stream, its calls waiting for their answers, and what it has still to send. */
    private final class Connection implements WebSocket.Listener {
        final CompletableFuture<WebSocket> opened;
        final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
        final Outbox outbox;
        volatile boolean lost;
        long lastUsed; // guarded by ShardStream.this
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream(); // the listener's thread only

        Connection() {
            WebSocket.Builder builder = CLIENT.newWebSocketBuilder();
            if (connectTimeoutMs > 0) {
                builder.connectTimeout(Duration.ofMillis(connectTimeoutMs));
            }
            proof.headers("GET", PATH, null).forEach(builder::header);
            opened = builder.buildAsync(stream, this);
            outbox = new Outbox(frame -> opened.thenCompose(socket -> socket.sendBinary(ByteBuffer.wrap(frame), true)),
                    this::lose);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                List<CallFrames.Answer> answers;
                try {
                    answers = CallFrames.answers(partial.toByteArray());
                } catch (IllegalArgumentException e) {
                    lose(e);
                    return null;
                } finally {
                    partial.reset();
                }
                for (CallFrames.Answer answer : answers) {
                    CompletableFuture<Response> waiting = pending.remove(answer.id());
                    if (waiting != null) {
                        waiting.complete(answer.response());
                    }
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            lose(null); // the replica restarted, or closed a stream idle too long
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            lose(error);
        }

        /** Every call still waiting on this stream may or may not have happened; the next call opens another. */
        void lose(Throwable why) {
            lost = true;
            opened.thenAccept(WebSocket::abort);
            pending.values().forEach(waiting -> waiting.completeExceptionally(why == null ? new IllegalStateException("closed") : why));
            pending.clear();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (current != null) {
                current.lose(null);
                current = null;
            }
        }
        http.close();
    }
}
