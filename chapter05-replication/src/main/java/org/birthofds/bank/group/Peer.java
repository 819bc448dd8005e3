package org.birthofds.bank.group;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.replication.Message;

/**
 * The way to one other replica: one long-lived connection (a WebSocket on the replica's own port,
 * {@link GroupServer#STREAM}), proven with the cluster's secret once, when it opens. Messages wait in
 * a short queue, and a thread of their own writes every message waiting as one binary frame
 * ({@link Frames}) and goes straight on to the next: nothing waits for an answer, since Raft's
 * answers are messages of their own, coming back on the other replica's connection. So a slow or
 * dead peer never holds up the replica's one thread, and a busy leader's writes cross in few frames.
 * A message that does not fit, or cannot be written within the short timeouts, is simply lost: Raft
 * was built for a network that loses messages, and the next heartbeat or retry carries the same news.
 *
 * <p>While one frame is on its way, the leader may queue several AppendEntries for the same
 * follower that start at the same place, each longer than the one before (it does so while the
 * follower is being probed). Only the newest is sent: it carries all the others do.
 */
final class Peer implements AutoCloseable {
    private static final int QUEUE = 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(100);
    private static final long WRITE_TIMEOUT_MS = 300;
    private static final int FRAME_MESSAGES = 64; // a frame stays well under the server's limit (GroupServer)
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private final URI stream;
    private final Proof proof;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private WebSocket socket; // this peer's thread alone opens, writes and drops it
    private volatile boolean closed;

    /** @param proof the cluster's secret, as this replica: the connection proves where it comes from */
    Peer(String id, URI url, Proof proof) {
        this.stream = URI.create("ws://" + url.getHost() + ":" + url.getPort() + GroupServer.STREAM);
        this.proof = proof;
        this.thread = new Thread(this::post, "to-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    /** Never blocks: the replica's thread calls it. */
    void send(Message message) {
        queue.offer(message); // a full queue drops it: lost, as on any network
    }

    private void post() {
        try {
            postUntilClosed();
        } finally {
            drop();
        }
    }

    private void postUntilClosed() {
        List<Message> waiting = new ArrayList<>();
        while (!closed) {
            try {
                Message first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                waiting.add(first);
                queue.drainTo(waiting);
                List<Message> kept = newestOnly(waiting);
                WebSocket open = open();
                for (int from = 0; from < kept.size(); from += FRAME_MESSAGES) {
                    byte[] frame = Frames.write(kept.subList(from, Math.min(kept.size(), from + FRAME_MESSAGES)));
                    open.sendBinary(ByteBuffer.wrap(frame), true).get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
            } catch (ExecutionException | TimeoutException e) {
                drop(); // lost, and the connection with them: the next message opens a new one
            } catch (InterruptedException e) {
                return;
            } finally {
                waiting.clear();
            }
        }
    }

    private WebSocket open() throws ExecutionException, TimeoutException, InterruptedException {
        if (socket == null || socket.isOutputClosed() || socket.isInputClosed()) {
            drop();
            WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
            proof.headers("GET", GroupServer.STREAM, null).forEach(builder::header);
            socket = builder.buildAsync(stream, new WebSocket.Listener() { })
                    .get(CONNECT_TIMEOUT.toMillis() + WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        return socket;
    }

    private void drop() {
        if (socket != null) {
            socket.abort();
            socket = null;
        }
    }

    /** Drops each AppendEntries that a later one, from the same term and the same starting point, carries. */
    private static List<Message> newestOnly(List<Message> messages) {
        List<Message> kept = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (!(m instanceof Message.AppendEntries append && supersededAfter(messages, i, append))) {
                kept.add(m);
            }
        }
        return kept;
    }

    private static boolean supersededAfter(List<Message> messages, int i, Message.AppendEntries append) {
        for (int j = i + 1; j < messages.size(); j++) {
            if (messages.get(j) instanceof Message.AppendEntries later && later.term() == append.term()
                    && later.prevIndex() == append.prevIndex()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
