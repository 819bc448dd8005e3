package org.birthofds.bank.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Exercise 5.6: a leader frozen by a long pause (SIGSTOP, a stop-the-world collection) still takes
 * connections, and answers nothing. As shipped, a read sent to it waits the whole try timeout
 * before the logic node tries another replica, and its client waits with it. Hedge reads: a GET
 * that has no answer within a short delay is sent to the next replica too, and the first answer
 * wins. Only reads: a write sent twice could be applied twice (unless it has a key), and two
 * leaders never both answer a linearizable read, so a hedged read cannot return a stale answer.
 */
class HedgedReadExerciseTest {

    @Test
    @Disabled("Exercise 5.6: a read that a frozen replica holds is also sent to the next one (hedged reads); solution in solutions/exercise-5.6")
    void a_read_held_by_a_frozen_replica_is_answered_by_the_next_one_and_a_write_is_not_hedged() throws Exception {
        try (ReplicaStandIn frozen = new ReplicaStandIn(); ReplicaStandIn next = new ReplicaStandIn()) {
            frozen.holds();
            next.answers(200, "{\"id\":\"alice\",\"balance\":5}");
            // 1. A read: the frozen replica holds it; the next one answers it, while the first is still held.
            try (GroupRemote group = group(frozen, next)) {
                CompletableFuture<Response> read = CompletableFuture.supplyAsync(() -> call(group, "GET", null));
                assertThat(read.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                assertThat(frozen.received()).containsExactly("GET /accounts/alice");
            }
            // 2. A write without a key is never hedged: it waits at the frozen replica, and nothing reaches the next one.
            try (GroupRemote group = group(frozen, next)) {
                CompletableFuture<Response> write = CompletableFuture.supplyAsync(() -> call(group, "POST", "{\"amount\":5}"));
                await().atMost(Duration.ofSeconds(20)).until(() -> frozen.received().size() == 2);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                        .until(() -> next.received().size() == 1); // the GET of step 1, and nothing more
                frozen.release();
                write.get(20, TimeUnit.SECONDS);
            }
        }
    }

    /** A logic node's way to a group whose first replica it believes leads. */
    private static GroupRemote group(ReplicaStandIn first, ReplicaStandIn second) {
        return new GroupRemote("shard-1", List.of(URI.create(first.url()), URI.create(second.url())), 500, 30_000, 60_000);
    }

    private static Response call(GroupRemote group, String method, String json) {
        try {
            return group.call(method, json == null ? "/accounts/alice" : "/accounts/alice/deposits", json, null);
        } catch (Unreachable e) {
            throw new IllegalStateException(e);
        }
    }
}
