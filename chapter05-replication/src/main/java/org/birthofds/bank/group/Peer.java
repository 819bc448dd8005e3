package org.birthofds.bank.group;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.replication.Message;

/**
 * The way to one other replica: its messages wait in a short queue and a thread of their own
 * posts them, so a slow or dead peer never holds up the replica's one thread. A message that does
 * not fit, or gets no answer within the short timeouts, is simply lost: Raft was built for a
 * network that loses messages, and the next heartbeat or retry carries the same news again.
 *
 * <p>While one message is on its way, the leader may queue several AppendEntries for the same
 * follower, each starting where the follower last said its log matched, each longer than the one
 * before. Only the newest is sent: it carries all the others do.
 */
final class Peer implements AutoCloseable {
    private static final int QUEUE = 256;
    private static final int CONNECT_TIMEOUT_MS = 100;
    private static final int REQUEST_TIMEOUT_MS = 300;

    private final HttpRemote remote;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile boolean closed;

    /** @param proof the cluster's secret, as this replica: every message proves where it comes from */
    Peer(String id, URI url, Proof proof) {
        this.remote = new HttpRemote("replica " + id, url, CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS, proof);
        this.thread = new Thread(this::post, "to-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    /** Never blocks: the replica's thread calls it. */
    void send(Message message) {
        queue.offer(message); // a full queue drops it: lost, as on any network
    }

    private void post() {
        List<Message> waiting = new ArrayList<>();
        while (!closed) {
            try {
                Message first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                waiting.add(first);
                queue.drainTo(waiting);
                for (Message message : newestOnly(waiting)) {
                    remote.call("POST", "/raft", Wire.write(message), null);
                }
            } catch (Unreachable e) {
                // lost: Raft resends what matters
            } catch (InterruptedException e) {
                return;
            } finally {
                waiting.clear();
            }
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
        remote.close();
    }
}
