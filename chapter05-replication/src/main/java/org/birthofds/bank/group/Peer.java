package org.birthofds.bank.group;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * <p>The stream is opened when the replica starts, so that the first election finds it warm. A frame
 * that cannot be written within a short timeout, or finds too many before it still unwritten, is
 * lost, and the connection with it: the next frame opens a new one. Raft was built
 * for a network that loses messages, and the next heartbeat or retry carries the same news.
 */
final class Peer implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(100);
    private static final long WRITE_TIMEOUT_MS = 300;
    // A dead peer is not dialled for every batch, and one back from a restart hears the next heartbeat.
    private static final long REOPEN_AFTER_NANOS = 20_000_000L;
    private static final int FRAMES_UNWRITTEN = 64;
    private static final int FRAME_MESSAGES = 64; // a frame stays well under the server's limit (GroupServer)
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private final URI stream;
    private final Proof proof;
    // Guarded by this: the replica's thread writes, the connection's threads say how each write went.
    private Connection current; // null: none open
    private int unwritten;
    private long reopenAt;
    private boolean closed;

    /** @param proof the cluster's secret, as this replica: the connection proves where it comes from */
    Peer(URI url, Proof proof) {
        this.stream = URI.create("ws://" + url.getHost() + ":" + url.getPort() + GroupServer.STREAM);
        this.proof = proof;
        synchronized (this) {
            current = new Connection(); // opened now, warm before the first election needs it
        }
    }

    /** One batch's messages for this peer, in order. Never blocks: the replica's thread calls it. */
    synchronized void send(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += FRAME_MESSAGES) {
            write(Frames.write(messages.subList(from, Math.min(messages.size(), from + FRAME_MESSAGES))));
        }
    }

    private void write(byte[] frame) {
        if (closed || unwritten >= FRAMES_UNWRITTEN || (current == null && System.nanoTime() < reopenAt)) {
            return; // lost, as on any network
        }
        if (current == null) {
            current = new Connection();
        }
        Connection connection = current;
        unwritten++;
        CompletableFuture<WebSocket> written = connection.last.thenCompose(socket ->
                socket.sendBinary(ByteBuffer.wrap(frame), true).orTimeout(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        connection.last = written;
        written.whenComplete((socket, failure) -> written(connection, failure));
    }

    private synchronized void written(Connection connection, Throwable failure) {
        unwritten--;
        if (failure != null) {
            lost(connection, true);
        }
    }

    /** A frame was lost on {@code connection}, or the other side closed it: the next frame opens another. */
    private synchronized void lost(Connection connection, boolean failed) {
        connection.opened.thenAccept(WebSocket::abort);
        if (current == connection) {
            current = null;
            if (failed) {
                reopenAt = System.nanoTime() + REOPEN_AFTER_NANOS;
            }
        }
    }

    /** One stream to the peer, and the last frame written on it so far. */
    private final class Connection implements WebSocket.Listener {
        final CompletableFuture<WebSocket> opened;
        CompletableFuture<WebSocket> last;

        Connection() {
            WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
            proof.headers("GET", GroupServer.STREAM, null).forEach(builder::header);
            opened = builder.buildAsync(stream, this).orTimeout(CONNECT_TIMEOUT.toMillis() + WRITE_TIMEOUT_MS,
                    TimeUnit.MILLISECONDS);
            last = opened;
            opened.whenComplete((socket, failure) -> {
                if (failure != null) {
                    lost(this, true);
                }
            });
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            lost(this, false); // closed by the other side (it restarted, or the stream was idle too long)
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            lost(this, true);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.opened.thenAccept(WebSocket::abort);
        }
    }
}
