package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.birthofds.bank.net.GroupRemote;
import org.birthofds.bank.net.Response;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The order a replica's runtime keeps, shown with kill -9 at its two worst moments: the leader's
 * journal has written a client's entry but not forced it, or has forced it but not yet sent the
 * batch's messages. A test hook (group.HeldWrite, {@code -Dreplica.faults}) holds the replica's
 * one thread there for good. Nothing has left: no follower has the entry, so the other two elect a
 * leader without it, the client is never told it happened, and the killed replica, back on its
 * disk, has its copy overwritten. What must survive does: every write that was answered. A
 * runtime that sent before it forced would hand the entry to the followers, which commit it.
 */
class HeldJournalWriteTest {
    private static final String KEY = "held-write";

    @ParameterizedTest
    @ValueSource(strings = {"after-write", "after-force"})
    void a_leader_held_in_its_journal_write_has_sent_nothing_and_a_kill_loses_no_answered_write(String point,
            @TempDir Path data) throws Exception {
        List<String> hold = List.of("-Dreplica.faults=" + point + ":" + KEY);
        try (ChildGroups group = ChildGroups.startWith(hold, data, 1);
             GroupRemote shard = new GroupRemote("shard-1", group.map().replicas("shard-1"), 500, 10_000,
                     ChildGroups.proof())) {
            // 1. alice holds 100, answered through the leader.
            String held = group.awaitLeader(1);
            assertThat(shard.call("POST", "/accounts", "{\"id\":\"alice\"}", null).status()).isEqualTo(201);
            assertThat(shard.call("POST", "/accounts/alice/deposits", "{\"amount\":100}", "d-1").status()).isEqualTo(200);
            long oldTerm = group.status(held).path("term").asLong();
            // 2. A deposit of 7 goes to the leader, which journals it and is held there: no answer comes.
            CompletableFuture<ApiClient.Reply> unanswered = new ApiClient(group.url(held), ChildGroups.proof())
                    .postWithKeyAsync("/accounts/alice/deposits", "{\"amount\":7}", KEY);
            await().atMost(ChildGroups.CEILING).until(() -> group.replica(held).output().contains("Fault: held " + point));
            // 3. Its heartbeats stop with its thread (its status still says leader); the other two elect a
            //    leader of a later term, without the entry.
            await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(50)).until(() -> group.replicasOf(1).stream()
                    .filter(r -> !r.equals(held)).map(group::status)
                    .anyMatch(s -> s.path("role").asText().equals("LEADER") && s.path("term").asLong() > oldTerm));
            // 4. kill -9 at that moment, and back on its own disk.
            group.kill(held);
            boolean answered = unanswered.isDone() && !unanswered.isCompletedExceptionally() && unanswered.join().status() == 200;
            assertThat(answered).as("the held deposit was answered").isFalse();
            group.start(held);
            // 5. The bank never took the 7 (it left no machine before it was forced), and lost none of the 100.
            await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                Response alice = shard.call("GET", "/accounts/alice", null, null);
                assertThat(alice.body()).isEqualTo("{\"id\":\"alice\",\"balance\":100}");
            });
            // 6. The restarted replica follows the new leader, its unsent entry overwritten by the new term's log.
            String next = group.awaitLeader(1);
            assertThat(next).isNotEqualTo(held);
            long commit = group.status(next).path("commitIndex").asLong();
            await().atMost(ChildGroups.CEILING).untilAsserted(() -> {
                JsonNode status = group.status(held);
                assertThat(status.path("role").asText()).isEqualTo("FOLLOWER");
                assertThat(status.path("commitIndex").asLong()).isGreaterThanOrEqualTo(commit);
            });
        }
    }
}
