package org.birthofds.bank.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.net.URI;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cheap front door's channel: a logic node's calls to one replica share one stream, many on
 * their way at once, each answered by its own number in whatever order the replica answers; and it
 * keeps HttpRemote's promises when the stream is lost, or when the other side serves none.
 */
class ShardStreamTest {
    private static final Proof PROOF = Proof.of("a test secret of at least thirty-two bytes", "logic-1");
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final List<CallFrames.Call> calls = new CopyOnWriteArrayList<>();
    private Javalin replica;

    @AfterEach
    void stop() {
        if (replica != null) {
            replica.stop();
        }
    }

    @Test
    void calls_on_their_way_at_once_share_one_stream_and_each_gets_its_own_answer() throws Exception {
        int callers = 16;
        CountDownLatch allArrived = new CountDownLatch(callers);
        // The stand-in answers nothing until every call has arrived, then answers them last first.
        start(true, (session, frame) -> {
            sessions.add(session);
            calls.addAll(CallFrames.calls(frame));
            CallFrames.calls(frame).forEach(call -> allArrived.countDown());
            if (allArrived.getCount() == 0) {
                List<CallFrames.Call> backwards = new ArrayList<>(calls);
                Collections.reverse(backwards);
                for (CallFrames.Call call : backwards) {
                    send(session, CallFrames.frame(List.of(CallFrames.answer(call.id(), new Response(200, call.body())))));
                }
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (ShardStream stream = new ShardStream("replica", url(), 1000, 10_000, PROOF)) {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String request = "{\"verb\":\"deposit\",\"id\":\"a" + i + "\",\"amount\":1}";
                answers.add(pool.submit(() -> stream.call("POST", "/shard", request, null)));
            }
            for (int i = 0; i < callers; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS).body()).contains("\"a" + i + "\"");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allArrived.await(0, TimeUnit.SECONDS)).as("every call was on its way before any was answered").isTrue();
        assertThat(sessions).as("one stream for all of them").hasSize(1);
    }

    @Test
    void a_stream_lost_with_a_call_on_it_may_have_happened_and_the_next_call_opens_another() throws Exception {
        // The first stream is cut as soon as its call arrives (a replica killed mid-write); the second is answered.
        start(true, (session, frame) -> {
            boolean first = sessions.isEmpty();
            sessions.add(session);
            if (first) {
                session.disconnect();
            } else {
                send(session, CallFrames.frame(List.of(CallFrames.answer(CallFrames.calls(frame).get(0).id(),
                        new Response(200, "{}")))));
            }
        });
        try (ShardStream stream = new ShardStream("replica", url(), 1000, 10_000, PROOF)) {
            assertThatThrownBy(() -> stream.call("POST", "/shard", "{\"verb\":\"open\",\"id\":\"a\"}", null))
                    .isInstanceOfSatisfying(Unreachable.class, e -> {
                        assertThat(e.neverSent()).as("sent: it may have happened").isFalse();
                        assertThat(e.timedOut()).isFalse();
                    });
            assertThat(stream.call("POST", "/shard", "{\"verb\":\"open\",\"id\":\"a\"}", null).status()).isEqualTo(200);
        }
        assertThat(sessions).hasSize(2);
    }

    @Test
    void a_stream_quiet_for_five_minutes_is_not_used_again_since_the_replica_may_be_closing_it() throws Exception {
        start(true, (session, frame) -> {
            sessions.add(session);
            send(session, CallFrames.frame(List.of(CallFrames.answer(CallFrames.calls(frame).get(0).id(),
                    new Response(200, "{}")))));
        });
        AtomicLong now = new AtomicLong();
        try (ShardStream stream = new ShardStream("replica", url(), 1000, 10_000, PROOF, now::get)) {
            stream.call("POST", "/shard", "{\"verb\":\"open\",\"id\":\"a\"}", null);
            now.addAndGet(TimeUnit.MINUTES.toNanos(4));
            stream.call("POST", "/shard", "{\"verb\":\"open\",\"id\":\"b\"}", null);
            assertThat(sessions).as("four minutes of quiet: the same stream").hasSize(1);
            now.addAndGet(TimeUnit.MINUTES.toNanos(6)); // the replica closes a stream after ten
            stream.call("POST", "/shard", "{\"verb\":\"open\",\"id\":\"c\"}", null);
            assertThat(sessions).as("six minutes: a new one").hasSize(2);
        }
    }

    @Test
    void a_server_that_serves_no_stream_is_called_over_http_as_chapter_4s_shard_is() throws Exception {
        start(false, (session, frame) -> { });
        try (ShardStream stream = new ShardStream("shard", url(), 1000, 10_000, PROOF)) {
            assertThat(stream.call("POST", "/shard", "{\"verb\":\"open\",\"id\":\"a\"}", null).body())
                    .isEqualTo("{\"over\":\"http\"}");
        }
    }

    @Test
    void a_replica_that_is_not_there_was_never_sent_the_call() {
        try (ShardStream stream = new ShardStream("replica", URI.create("http://127.0.0.1:1"), 1000, 10_000, PROOF)) {
            assertThatThrownBy(() -> stream.call("POST", "/shard", "{\"verb\":\"open\",\"id\":\"a\"}", null))
                    .isInstanceOfSatisfying(Unreachable.class, e -> assertThat(e.neverSent()).isTrue())
                    .hasMessageContaining("connection refused");
        }
    }

    private interface Frames {
        void received(Session session, byte[] frame);
    }

    private void start(boolean streams, Frames frames) {
        replica = Javalin.create(config -> {
            config.routes.post("/shard", ctx -> ctx.result("{\"over\":\"http\"}"));
            if (streams) {
                config.routes.ws(ShardStream.PATH, ws -> ws.onBinaryMessage(message -> {
                    byte[] bytes = new byte[message.data().remaining()];
                    message.data().get(bytes);
                    frames.received(message.session, bytes);
                }));
            }
        }).start("127.0.0.1", 0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + replica.port());
    }

    private static void send(Session session, byte[] frame) {
        try {
            Callback.Completable.with(done -> session.sendBinary(ByteBuffer.wrap(frame), done)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
