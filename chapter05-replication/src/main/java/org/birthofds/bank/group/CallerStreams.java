package org.birthofds.bank.group;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.birthofds.bank.net.CallFrames;
import org.birthofds.bank.net.Outbox;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.ShardStream;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Chapter 5, the cheap front door, at the replica's end: the streams the bank's own callers keep
 * open to it ({@link ShardStream}), a logic node's or a recovery pass's. Each is proven once, as it
 * opens. Then every call in a frame is served as {@code POST /shard} serves it, and its answer goes
 * back on the same stream once the replica gives it, in whatever order the answers come. Nothing
 * here waits: the replica's thread, which gives the answers, only queues them ({@link Outbox}), and
 * what queues while one frame is written goes out in the next.
 */
final class CallerStreams {
    private final Map<Session, Outbox> outboxes = new ConcurrentHashMap<>();
    private final Function<String, CompletableFuture<Response>> serve;

    private CallerStreams(Function<String, CompletableFuture<Response>> serve) {
        this.serve = serve;
    }

    /**
     * @param proven whether an opening stream carries the cluster's proof
     * @param serve  a call's answer, from the request's JSON
     */
    static void install(RoutesConfig routes, Predicate<Context> proven, Function<String, CompletableFuture<Response>> serve) {
        CallerStreams streams = new CallerStreams(serve);
        routes.wsBeforeUpgrade(ShardStream.PATH, ctx -> {
            if (!proven.test(ctx)) {
                throw new UnauthorizedResponse("Only the cluster's own processes may call this replica.");
            }
        });
        routes.ws(ShardStream.PATH, ws -> {
            ws.onBinaryMessage(frame -> streams.received(frame.session, frame.data()));
            ws.onClose(ctx -> streams.outboxes.remove(ctx.session));
            ws.onError(ctx -> streams.outboxes.remove(ctx.session));
        });
    }

    private void received(Session session, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        List<CallFrames.Call> calls;
        try {
            calls = CallFrames.calls(bytes);
        } catch (IllegalArgumentException e) {
            session.close(1003, "not a frame of calls", Callback.NOOP); // only a proven caller can have sent it: a bug
            return;
        }
        Outbox outbox = outboxes.computeIfAbsent(session, open -> new Outbox(
                frame -> Callback.Completable.with(written -> open.sendBinary(ByteBuffer.wrap(frame), written)),
                failure -> open.disconnect())); // the caller sees its calls lost, and settles them as it would a cut connection
        for (CallFrames.Call call : calls) {
            serve.apply(call.body()).thenAccept(answer -> outbox.add(CallFrames.answer(call.id(), answer)));
        }
    }
}
