package org.birthofds.bank.group;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.replication.Message;

/**
 * The way to one other replica: one long-lived connection (a WebSocket on the replica's own port,
 * {@link GroupServer#STREAM}), proven with the cluster's secret once, when it opens. The messages a
 * batch has for this peer cross as one binary frame ({@link Frames}), written after the frames
 * before it, and nothing waits for an answer: Raft's answers are messages of their own, coming back
 * on the other replica's stream. The replica's own thread hands the frame over and goes on; the
 * write finishes on its own, so a slow or dead peer never holds that thread up.
 *
 * <p>A frame that cannot be written within a short timeout, or finds too many before it still
 * unwritten, is lost, and the connection with it: the next frame opens a new one. Raft was built
 * for a network that loses messages, and the next heartbeat or retry carries the same news.
 */
final class Peer implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(100);
    private static final long WRITE_TIMEOUT_MS = 300;
    private static final long REOPEN_AFTER_NANOS = 100_000_000L; // a dead peer is not dialled at every heartbeat
    private static final int FRAMES_UNWRITTEN = 64;
    private static final int FRAME_MESSAGES = 64; // a frame stays well under the server's limit (GroupServer)
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private final URI stream;
    private final Proof proof;
    // Guarded by this: the replica's thread writes, the connection's threads say how each write went.
    private CompletableFuture<WebSocket> last; // the stream once every frame so far is written; null: none open
    private WebSocket open;
    private int unwritten;
    private long reopenAt;
    private boolean closed;

    /** @param proof the cluster's secret, as this replica: the connection proves where it comes from */
    Peer(URI url, Proof proof) {
        this.stream = URI.create("ws://" + url.getHost() + ":" + url.getPort() + GroupServer.STREAM);
        this.proof = proof;
    }

    /** One batch's messages for this peer, in order. Never blocks: the replica's thread calls it. */
    synchronized void send(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += FRAME_MESSAGES) {
            write(Frames.write(messages.subList(from, Math.min(messages.size(), from + FRAME_MESSAGES))));
        }
    }

    private void write(byte[] frame) {
        if (closed || unwritten >= FRAMES_UNWRITTEN || (last == null && System.nanoTime() < reopenAt)) {
            return; // lost, as on any network
        }
        if (last == null) {
            last = open();
        }
        unwritten++;
        CompletableFuture<WebSocket> written = last.thenCompose(socket -> socket.sendBinary(ByteBuffer.wrap(frame), true)
                .orTimeout(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        last = written;
        written.whenComplete((socket, failure) -> done(written, failure));
    }

    private CompletableFuture<WebSocket> open() {
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        proof.headers("GET", GroupServer.STREAM, null).forEach(builder::header);
        return builder.buildAsync(stream, new WebSocket.Listener() { })
                .orTimeout(CONNECT_TIMEOUT.toMillis() + WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .thenApply(this::opened);
    }

    private synchronized WebSocket opened(WebSocket socket) {
        open = socket;
        return socket;
    }

    /** A frame is written, or lost with every frame after it: then the connection is dropped, and the next frame opens another. */
    private synchronized void done(CompletableFuture<WebSocket> written, Throwable failure) {
        unwritten--;
        if (failure == null) {
            return;
        }
        if (open != null) {
            open.abort();
            open = null;
        }
        if (last == written) { // the last frame chained: nothing after it is waiting on this connection
            last = null;
            reopenAt = System.nanoTime() + REOPEN_AFTER_NANOS;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (open != null) {
            open.abort();
        }
    }
}
