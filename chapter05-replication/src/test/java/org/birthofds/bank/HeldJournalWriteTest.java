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
 * The order a replica's runtime keeps, shown with kill -9 at the leader's two worst moments: its
 * journal has written a client's entry but not forced it, or has forced it but not yet carried out
 * the rest of its batch. A test hook (group.HeldWrite, {@code -Dreplica.faults}) holds the leader's
 * one thread there for good; the followers run without it. The leader's AppendEntries left before
 * its force (persist in parallel, the Raft thesis 10.2.1): the two followers force the entry and
 * are a majority without it. So the leader elected next has the entry and commits it, though no
 * one was told; the client's retry under its Idempotency-Key finds it done and takes it once. And
 * what must survive does: every write that was answered. A runtime that waited for its own force
 * before sending would leave the followers without the entry, and the bank at 100.
 */
class HeldJournalWriteTest {
    private static final String KEY = "held-write";

    @ParameterizedTest
    @ValueSource(strings = {"after-write", "after-force"})
    void a_leader_held_in_its_journal_write_had_already_sent_its_entries_and_its_followers_commit_them_once(String point,
            @TempDir Path data) throws Exception {
        List<String> hold = List.of("-Dreplica.faults=" + point + ":" + KEY);
        try (ChildGroups group = ChildGroups.startWith(hold, data, 1);
             GroupRemote shard = new GroupRemote("shard-1", group.map().replicas("shard-1"), 500, 10_000,
                     ChildGroups.proof())) {
            // 1. alice holds 100, answered through the leader; its followers run without the hook.
            String held = hookOnTheLeaderOnly(group);
            assertThat(shard.call("POST", "/accounts", "{\"id\":\"alice\"}", null).status()).isEqualTo(201);
            assertThat(shard.call("POST", "/accounts/alice/deposits", "{\"amount\":100}", "d-1").status()).isEqualTo(200);
            // 2. A deposit of 7 goes to the leader, which journals it and is held there: no answer comes. On a busy
            //    machine a follower just restarted may have stood meanwhile: then the deposit is turned away unread
            //    (not_leader), and it goes again once the hooked replica leads again.
            CompletableFuture<ApiClient.Reply> unanswered = null;
            long termSent = 0;
            for (int tries = 0; unanswered == null; tries++) {
                assertThat(tries).as("the hooked replica took the deposit while it led").isLessThan(5);
                hookOnTheLeaderOnly(group, held);
                termSent = group.status(held).path("term").asLong();
                CompletableFuture<ApiClient.Reply> sent = new ApiClient(group.url(held), ChildGroups.proof())
                        .postWithKeyAsync("/accounts/alice/deposits", "{\"amount\":7}", KEY);
                await().atMost(ChildGroups.CEILING).until(() -> group.replica(held).output().contains("Fault: held " + point)
                        || sent.isDone());
                if (!sent.isDone() || !sent.join().error().equals("not_leader")) {
                    unanswered = sent;
                }
            }
            await().atMost(ChildGroups.CEILING).until(() -> group.replica(held).output().contains("Fault: held " + point));
            long oldTerm = termSent;
            // 3. Its heartbeats stop with its thread (its status still says leader); the other two elect a
            //    leader of a later term, which holds the entry the held leader sent before forcing it.
            await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(50)).until(() -> group.replicasOf(1).stream()
                    .filter(r -> !r.equals(held)).map(group::status)
                    .anyMatch(s -> s.path("role").asText().equals("LEADER") && s.path("term").asLong() > oldTerm));
            // 4. kill -9 at that moment, and back on its own disk (the hook off: the retry's entry carries the key too).
            group.kill(held);
            boolean answered = unanswered.isDone() && !unanswered.isCompletedExceptionally() && unanswered.join().status() == 200;
            assertThat(answered).as("the held deposit was answered").isFalse();
            group.startWithoutOptions(held);
            // 5. The bank took the 7, though no one was told, and lost none of the 100.
            await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                Response alice = shard.call("GET", "/accounts/alice", null, null);
                assertThat(alice.body()).isEqualTo("{\"id\":\"alice\",\"balance\":107}");
            });
            // 6. The client sends it again under its key: answered now, and taken once.
            assertThat(shard.call("POST", "/accounts/alice/deposits", "{\"amount\":7}", KEY).status()).isEqualTo(200);
            assertThat(shard.call("GET", "/accounts/alice", null, null).body()).isEqualTo("{\"id\":\"alice\",\"balance\":107}");
            // 7. The restarted replica follows the new leader and catches up.
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

    /**
     * Restarts the followers without the hook. A restart may start an election, and then the leader
     * is one without the hook: restart that one without it too, until the one with it leads again.
     */
    private static String hookOnTheLeaderOnly(ChildGroups group) throws Exception {
        String hooked = group.awaitLeader(1);
        for (String follower : group.replicasOf(1)) {
            if (!follower.equals(hooked)) {
                group.kill(follower);
                group.startWithoutOptions(follower);
            }
        }
        return hookOnTheLeaderOnly(group, hooked);
    }

    /** Until {@code hooked}, the one replica with the hook, leads again. */
    private static String hookOnTheLeaderOnly(ChildGroups group, String hooked) throws Exception {
        for (int tries = 0; tries < 20; tries++) {
            String leader = group.awaitLeader(1);
            if (leader.equals(hooked)) {
                return hooked;
            }
            group.kill(leader);
            group.startWithoutOptions(leader);
        }
        throw new AssertionError(hooked + " never led again in 20 elections");
    }
}
