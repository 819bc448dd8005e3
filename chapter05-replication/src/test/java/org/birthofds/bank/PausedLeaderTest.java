package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.net.GroupRemote;
import org.birthofds.bank.net.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chapter 5's split brain, with real processes: a leader frozen by SIGSTOP (a long garbage
 * collection, a virtual machine paused) does not know it was frozen. When it wakes, it still
 * believes it leads, and takes a write. Raft's terms are what make that harmless: the other two
 * elected a leader of a later term meanwhile, so the old one can get no majority for anything it
 * appends, and the first message of the new term makes it step down. The simulator's
 * SplitBrainTest shows the same with the terms taken out, where it goes wrong.
 */
class PausedLeaderTest {

    @Test
    void a_paused_leader_that_wakes_after_an_election_commits_nothing_and_steps_down(@TempDir Path data) throws Exception {
        try (ChildGroups group = ChildGroups.start(data, 1);
             GroupRemote shard = new GroupRemote("shard-1", group.map().replicas("shard-1"), 500, 10_000,
                     ChildGroups.proof())) {
            // 1. alice holds 100, through the leader of term T
            String old = group.awaitLeader(1);
            assertThat(shard.call("POST", "/accounts", "{\"id\":\"alice\"}", null).status()).isEqualTo(201);
            assertThat(shard.call("POST", "/accounts/alice/deposits", "{\"amount\":100}", "d-1").status()).isEqualTo(200);
            long oldTerm = group.status(old).path("term").asLong();
            // 2. SIGSTOP: the leader freezes, believing it leads
            group.replica(old).pause();
            // 3. the other two elect a leader of a later term, and alice gets 5 more through it
            String next = group.awaitLeader(1);
            assertThat(next).isNotEqualTo(old);
            long newTerm = group.status(next).path("term").asLong();
            assertThat(newTerm).isGreaterThan(oldTerm);
            assertThat(shard.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", "d-2").status()).isEqualTo(200);
            // 4. a deposit of 1000 sent straight to the frozen old leader waits in its socket
            CompletableFuture<ApiClient.Reply> stale = new ApiClient(group.url(old), ChildGroups.proof())
                    .postAsync("/accounts/alice/deposits", "{\"amount\":1000}");
            // 5. SIGCONT: it wakes as the leader of term T, and cannot commit the deposit: no majority is in term T now
            group.replica(old).resume();
            ApiClient.Reply refused = stale.get(30, TimeUnit.SECONDS);
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
            assertThat(refused.error()).isIn("not_leader", "unavailable");
            // 6. it steps down into the new term and follows the new leader
            await().atMost(ChildGroups.CEILING).untilAsserted(() -> {
                JsonNode status = group.status(old);
                assertThat(status.path("role").asText()).isEqualTo("FOLLOWER");
                assertThat(status.path("term").asLong()).isGreaterThanOrEqualTo(newTerm);
            });
            // 7. the bank never saw the 1000: alice holds 105, as the leader of every later term will say
            await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                Response alice = shard.call("GET", "/accounts/alice", null, null);
                assertThat(alice.body()).isEqualTo("{\"id\":\"alice\",\"balance\":105}");
            });
        }
    }
}
