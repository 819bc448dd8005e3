package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.birthofds.bank.net.GroupRemote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chapter 5, part 2: part 1's replica, unchanged, in three real JVMs that talk over HTTP, each with
 * a real timer and a journal on disk, and chapter 4's shard API in front. Chapter 4's ShardDownTest
 * showed a shard's accounts gone while its one machine is down; here the leader is killed with
 * SIGKILL and the group goes on, and then the whole group is killed and comes back from its
 * journals alone.
 */
class ReplicaGroupTest {
    private static final Pattern RESTORED = Pattern.compile("restored term (\\d+), vote \\S+, (\\d+) log entries");

    private long acknowledged;
    private int deposits;

    @Test
    void a_group_of_three_outlives_its_leader_and_a_restart_of_all_three(@TempDir Path data) throws Exception {
        try (ChildGroups group = ChildGroups.start(data, 1);
             GroupRemote shard = new GroupRemote("shard-1", group.map().replicas("shard-1"), 500, 5000,
                     ChildGroups.proof())) {
            // 1. One leader; alice opened and a deposit acknowledged through it.
            String leader = group.awaitLeader(1);
            assertThat(shard.call("POST", "/accounts", "{\"id\":\"alice\"}", null).status()).isEqualTo(201);
            deposit(shard, 500);
            // 2. A follower takes nothing: it names the leader.
            String follower = group.replicasOf(1).stream().filter(r -> !r.equals(leader)).findFirst().orElseThrow();
            await().atMost(ChildGroups.CEILING).untilAsserted(() -> { // once it has heard from the leader
                ApiClient.Reply refused = new ApiClient(group.url(follower), ChildGroups.proof()).deposit("alice", 999);
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.error()).isEqualTo("not_leader");
                assertThat(refused.body().path("leader").asText()).isEqualTo(group.url(leader));
                assertThat(refused.retryAfter()).isEqualTo("1");
            });
            // 3. kill -9 the leader: no shutdown hook, no flush.
            group.kill(leader);
            // 4. The two left elect a new leader; the acknowledged deposit is there, and new writes succeed.
            String next = group.awaitLeader(1);
            assertThat(next).isNotEqualTo(leader);
            assertBalance(shard);
            deposit(shard, 250);
            deposit(shard, 125);
            assertBalance(shard);
            // 5. The killed replica restarts on its journal: it restores its log, then catches up with the leader.
            ChildBank back = group.start(leader);
            assertThat(restoredEntries(back)).as("log entries %s read back from its journal", leader).isGreaterThanOrEqualTo(2);
            long commit = group.status(group.awaitLeader(1)).path("commitIndex").asLong();
            await().atMost(ChildGroups.CEILING).untilAsserted(() -> {
                JsonNode caughtUp = group.status(leader);
                assertThat(caughtUp.path("commitIndex").asLong()).isGreaterThanOrEqualTo(commit);
                assertThat(caughtUp.path("lastIndex").asLong()).isGreaterThanOrEqualTo(commit);
            });
            // 6. The whole group killed at once and restarted: the journals alone hold every acknowledged deposit.
            for (String replica : group.replicasOf(1)) {
                group.kill(replica);
            }
            for (String replica : group.replicasOf(1)) {
                group.start(replica);
            }
            group.awaitLeader(1);
            assertBalance(shard);
        }
    }

    /**
     * Under an Idempotency-Key, sent again until a definite answer: a repeat under the same key gets the
     * first answer and changes nothing more, so each deposit counts once, however often it was sent.
     */
    private void deposit(GroupRemote shard, long amount) {
        String key = "deposit-" + (++deposits);
        await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                Response answer = shard.call("POST", "/accounts/alice/deposits", "{\"amount\":" + amount + "}", key);
                assertThat(answer.status()).as(answer.body()).isIn(200, 503);
                return answer.status() == 200;
            } catch (Unreachable e) {
                return false;
            }
        });
        acknowledged += amount;
    }

    /** Linearizable, through the leader's read index: exactly the acknowledged deposits. */
    private void assertBalance(GroupRemote shard) {
        await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Response answer = shard.call("GET", "/accounts/alice", null, null);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(Bodies.read(answer.body(), Bodies.Account.class).balance()).isEqualTo(acknowledged);
        });
    }

    private static long restoredEntries(ChildBank replica) {
        Matcher m = RESTORED.matcher(replica.output());
        assertThat(m.find()).as("the replica's start-up line, in:%n%s", replica.output()).isTrue();
        return Long.parseLong(m.group(2));
    }
}
