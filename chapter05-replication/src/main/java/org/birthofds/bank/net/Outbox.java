package org.birthofds.bank.net;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What one end of a {@link ShardStream} has to send, written one frame at a time, since a
 * WebSocket takes a message only once the last is written. Whatever queues while a frame is being
 * written goes in the next one, all together: chapter 2's group commit, for the network. So a
 * stream carries one frame at light load, and many calls per frame under heavy load, with no
 * timer to wait for.
 */
public final class Outbox {
    private final Function<byte[], CompletionStage<?>> write;
    private final Consumer<Throwable> failed;
    private List<byte[]> queued = new ArrayList<>(); // guarded by this
    private boolean writing; // guarded by this: a frame is on its way

    /**
     * @param write  writes one frame and says when it is written
     * @param failed told once a frame could not be written: the connection is no good
     */
    public Outbox(Function<byte[], CompletionStage<?>> write, Consumer<Throwable> failed) {
        this.write = write;
        this.failed = failed;
    }

    /** Queues one item ({@link CallFrames#call} or {@link CallFrames#answer}); never waits for the network. */
    public void add(byte[] item) {
        synchronized (this) {
            queued.add(item);
            if (writing) {
                return; // the frame under way will send it when it is done
            }
            writing = true;
        }
        writeNext();
    }

    private void writeNext() {
        while (true) { // a loop, not a call from each write's completion: a write done at once would stack them
            List<byte[]> items;
            synchronized (this) {
                if (queued.isEmpty()) {
                    writing = false;
                    return;
                }
                items = queued;
                queued = new ArrayList<>();
            }
            CompletableFuture<?> written;
            try {
                written = write.apply(CallFrames.frame(items)).toCompletableFuture();
            } catch (RuntimeException e) {
                failed.accept(e);
                return; // and stays "writing": this connection sends nothing more
            }
            if (written.isDone() && !written.isCompletedExceptionally()) {
                continue;
            }
            written.whenComplete((done, failure) -> {
                if (failure != null) {
                    failed.accept(failure);
                } else {
                    writeNext();
                }
            });
            return;
        }
    }
}
