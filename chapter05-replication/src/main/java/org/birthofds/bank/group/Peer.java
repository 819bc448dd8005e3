package org.birthofds.bank.group;

import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.replication.Message;

/**
 * The way to one other replica: its messages wait in a short queue and a thread of their own
 * posts them, so a slow or dead peer never holds up the replica's one thread. A message that does
 * not fit, or gets no answer within the short timeouts, is simply lost: Raft was built for a
 * network that loses messages, and the next heartbeat or retry carries the same news again.
 */
final class Peer implements AutoCloseable {
    private static final int QUEUE = 256;
    private static final int CONNECT_TIMEOUT_MS = 100;
    private static final int REQUEST_TIMEOUT_MS = 300;

    private final HttpRemote remote;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile boolean closed;

    Peer(String id, URI url) {
        this.remote = new HttpRemote("replica " + id, url, CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS);
        this.thread = new Thread(this::post, "to-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    /** Never blocks: the replica's thread calls it. */
    void send(Message message) {
        queue.offer(Wire.write(message)); // a full queue drops it: lost, as on any network
    }

    private void post() {
        while (!closed) {
            try {
                String json = queue.poll(100, TimeUnit.MILLISECONDS);
                if (json != null) {
                    remote.call("POST", "/raft", json, null);
                }
            } catch (Unreachable e) {
                // lost: Raft resends what matters
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        remote.close();
    }
}
