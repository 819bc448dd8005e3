package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.net.GroupRemote;
import org.birthofds.bank.net.Response;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead machine replaced, not only survived, with real processes: a group of three replica JVMs;
 * s1r3 is SIGKILLed and its disk thrown away; a new machine, s1r4, joins as a learner, is promoted,
 * and s1r3 is removed, through the leader's POST /admin/members, as the launcher's replace will do;
 * then s1r2, a second of the original three, is SIGKILLed too. The group still serves, from s1r1
 * and the replacement's copy, and no acknowledged deposit is missing.
 */
class ReplaceReplicaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    /** Three times in a row, each on fresh JVMs, ports and disks: a replacement must not work by luck. */
    @RepeatedTest(3)
    @Timeout(180)
    void a_dead_replica_replaced_by_a_new_machine_lets_the_group_survive_a_second_death() throws Exception {
        try (ChildGroups groups = ChildGroups.start(data, 1, "--admin", "--admin-token-file", TestSecret.adminTokenPath(),
                "--snapshot-every", "50")) {
            // 1. Deposits through the group, enough that the new machine must be sent a snapshot.
            long acknowledged = 0;
            try (GroupRemote shard = shard(groups, List.of("s1r1", "s1r2", "s1r3"))) {
                assertThat(shard.call("POST", "/accounts", body(Map.of("id", "alice")), null).status()).isEqualTo(201);
                for (int i = 0; i < 120; i++) {
                    acknowledged += shard.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), "d-" + i).ok() ? 1 : 0;
                }
            }
            // 2. s1r3 dies, and its disk with it.
            groups.killAndWipe("s1r3");
            // 3. s1r4 joins with an empty disk; the leader adds it, promotes it once it has caught up, removes s1r3.
            groups.join("s1r4", 1);
            groups.changeMembers("add-learner", "s1r4", groups.url("s1r4"));
            groups.changeMembers("promote", "s1r4", null);
            groups.changeMembers("remove", "s1r3", null);
            String leader = groups.awaitLeaderAmong(List.of("s1r1", "s1r2", "s1r4"));
            assertThat(groups.status(leader).path("voters").toString()).contains("s1r4").doesNotContain("s1r3");
            // 4. s1r2 dies too. Of the voters s1r1, s1r2 and s1r4, two are left: a majority.
            groups.kill("s1r2");
            try (GroupRemote shard = shard(groups, List.of("s1r1", "s1r4"))) {
                await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(200)).until(() ->
                        shard.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), "after").ok());
                Response balance = shard.call("GET", "/accounts/alice", null, null);
                assertThat(JSON.readTree(balance.body()).path("balance").asLong()).isEqualTo(acknowledged + 1);
            }
        }
    }

    @Test
    @Timeout(120)
    void a_group_whose_dead_replica_is_never_replaced_refuses_every_write_once_a_second_one_dies() throws Exception {
        try (ChildGroups groups = ChildGroups.start(data, 1)) {
            try (GroupRemote shard = shard(groups, List.of("s1r1", "s1r2", "s1r3"))) {
                assertThat(shard.call("POST", "/accounts", body(Map.of("id", "alice")), null).status()).isEqualTo(201);
            }
            // s1r3 dies for good and nothing takes its place; then s1r2 dies. s1r1 alone is one of three.
            groups.kill("s1r3");
            groups.kill("s1r2");
            try (GroupRemote shard = shard(groups, List.of("s1r1"))) {
                for (int i = 0; i < 5; i++) {
                    Response answer = shard.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), "d-" + i);
                    assertThat(answer.status()).as("a write with one replica of three").isEqualTo(503);
                }
            }
        }
    }

    /**
     * The operator's mistake the group itself must catch: a follower's disk is thrown away and the
     * follower started again under its old name, on its old port. It has forgotten its votes and its
     * log; the group knows it by the disk it had, and refuses what it says. So with the other
     * follower dead, the leader and it are no majority: every write 503 (with the check taken out of
     * {@code replication.Admission}, it went red: the leader never refused it). Removed and added
     * again, as a new member, it counts.
     */
    @Test
    @Timeout(180)
    void a_replica_back_on_an_empty_disk_under_its_old_name_counts_for_nothing_until_added_again() throws Exception {
        try (ChildGroups groups = ChildGroups.start(data, 1, "--admin", "--admin-token-file", TestSecret.adminTokenPath())) {
            List<String> all = List.of("s1r1", "s1r2", "s1r3");
            try (GroupRemote shard = shard(groups, all)) {
                assertThat(shard.call("POST", "/accounts", body(Map.of("id", "alice")), null).status()).isEqualTo(201);
            }
            // 1. The group has written down the disk it knows each replica by.
            String leader = groups.awaitLeader(1);
            List<String> followers = all.stream().filter(r -> !r.equals(leader)).toList();
            String lost = followers.get(0);
            String other = followers.get(1);
            await().atMost(ChildGroups.CEILING).until(() -> groups.status(leader).path("disks").size() == 3);
            String lostDisk = groups.status(leader).path("disks").path(lost).asText();
            // 2. A follower loses its disk and is started again under its old name: a new disk, refused.
            groups.killAndWipe(lost);
            groups.start(lost);
            String newDisk = groups.status(lost).path("disk").asText();
            assertThat(newDisk).isNotEmpty().isNotEqualTo(lostDisk);
            await().atMost(ChildGroups.CEILING).until(() -> groups.replica(leader).output().contains("(ANOTHER_DISK"));
            // 3. The other follower dies: the leader and a replica it refuses are one voter of three.
            groups.kill(other);
            try (GroupRemote shard = shard(groups, List.of(leader))) {
                for (int i = 0; i < 3; i++) {
                    Response answer = shard.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), "d-" + i);
                    assertThat(answer.status()).as("a write with one voter of three and a forgotten disk").isEqualTo(503);
                }
            }
            // 4. Removed, then added again: the group now knows it by its new disk, and it counts.
            groups.start(other);
            groups.changeMembers("remove", lost, null);
            groups.changeMembers("add-learner", lost, groups.url(lost));
            groups.changeMembers("promote", lost, null);
            String now = groups.awaitLeaderAmong(all);
            await().atMost(ChildGroups.CEILING).until(() -> newDisk.equals(groups.status(now).path("disks").path(lost).asText()));
            groups.kill(all.stream().filter(r -> !r.equals(now) && !r.equals(lost)).findFirst().orElseThrow());
            try (GroupRemote shard = shard(groups, List.of(now, lost))) {
                await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(200)).until(() ->
                        shard.call("POST", "/accounts/alice/deposits", body(Map.of("amount", 1)), "after").ok());
            }
        }
    }

    private static GroupRemote shard(ChildGroups groups, List<String> replicas) {
        return new GroupRemote("shard-1", replicas.stream().map(r -> URI.create(groups.url(r))).toList(), 500, 10_000,
                ChildGroups.proof());
    }

    private static String body(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
