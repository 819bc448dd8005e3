package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.birthofds.bank.checks.BankLoad;
import org.birthofds.bank.checks.LoadPlan;
import org.birthofds.bank.group.Forge;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.net.GroupRemote;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Message.AppendEntries;
import org.birthofds.bank.replication.Message.Appended;
import org.birthofds.bank.replication.Message.RequestVote;
import org.birthofds.bank.replication.Message.Vote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any process on the machine can reach a replica's port. Before this chapter's proofs and guards,
 * one message could end a group: a RequestVote of term Long.MAX_VALUE from a stranger was adopted
 * and persisted by every replica, and no leader was ever elected again; one forged AppendEntries
 * made a follower, then its whole group, cut hundreds of committed entries. Here both are refused:
 * without the cluster's secret a message is refused at the door (401); with it, a replica still
 * refuses what no honest member sends (replication.Admission). And a seeded storm of such
 * messages under the careful load leaves a history that passes the bank check and linearizability.
 */
class IntruderTest {
    private static final long SEED = Long.getLong("seed", System.nanoTime() % 100_000);

    @Test
    void forged_messages_are_refused_and_the_group_keeps_electing_and_serving_with_every_answered_write(@TempDir Path data)
            throws Exception {
        System.out.println("IntruderTest seed " + SEED + " (rerun with -Dseed=" + SEED + ")");
        try (ChildGroups group = ChildGroups.start(data, 1);
             GroupRemote shard = new GroupRemote("shard-1", group.map().replicas("shard-1"), 500, 10_000, ChildGroups.proof());
             LogicNode logic = TestNodes.logic(group.map(), "--node", "logic-1")) {
            // 1. alice holds 300, in three answered deposits.
            String leader = group.awaitLeader(1);
            assertThat(shard.call("POST", "/accounts", "{\"id\":\"alice\"}", null).status()).isEqualTo(201);
            for (int i = 1; i <= 3; i++) {
                assertThat(shard.call("POST", "/accounts/alice/deposits", "{\"amount\":100}", "d-" + i).status()).isEqualTo(200);
            }
            long term = group.status(leader).path("term").asLong();
            String follower = group.replicasOf(1).stream().filter(r -> !r.equals(leader)).findFirst().orElseThrow();
            await().atMost(ChildGroups.CEILING).until(() -> group.status(follower).path("commitIndex").asLong() >= 5);
            for (String replica : group.replicasOf(1)) {
                // 2. The first attack: a stranger's RequestVote of term Long.MAX_VALUE. Without the secret: 401.
                Message vote = new RequestVote(Long.MAX_VALUE, "intruder", replica, 1_000_000, Long.MAX_VALUE, "");
                assertThat(post(group, replica, vote, null)).isEqualTo(401);
                // The peers' stream has the same door: opened without the secret, refused before a frame is read.
                assertThat(Forge.stream(group.url(replica), null, vote)).isEqualTo(401);
                assertThat(Forge.stream(group.url(replica), ChildGroups.proof(), vote)).isEqualTo(101); // refused inside
                // And so has the logic tier's stream: a stranger's withdrawal is refused before a call is read.
                String theft = "{\"verb\":\"withdraw\",\"id\":\"alice\",\"amount\":300}";
                assertThat(Forge.call(group.url(replica), null, theft)).isEqualTo(401);
                // 3. With the secret, as a stranger or as a member: taken at the door, refused by the replica.
                assertThat(post(group, replica, vote, ChildGroups.proof())).isEqualTo(204);
                String member = group.replicasOf(1).stream().filter(r -> !r.equals(replica)).findFirst().orElseThrow();
                String disk = group.status(member).path("disk").asText(); // no secret: a name, not a key
                assertThat(post(group, replica, new RequestVote(Long.MAX_VALUE, member, replica, 1_000_000, 1, disk),
                        ChildGroups.proof())).isEqualTo(204);
            }
            // 4. The second: an AppendEntries of a high term, one garbage entry at index 1, to a follower.
            Message forged = new AppendEntries(term + 100, leader, follower, 0, 0, List.of(new Entry(term + 100, 1, "garbage")),
                    0, 0);
            assertThat(post(group, follower, forged, null)).isEqualTo(401);
            assertThat(post(group, follower, forged, ChildGroups.proof())).isEqualTo(204); // refused inside: it cuts committed entries
            // 5. No replica took the term or cut its log, and the leader still leads and serves.
            assertWhole(group);
            assertThat(group.status(follower).path("commitIndex").asLong()).isGreaterThanOrEqualTo(5);
            assertThat(shard.call("POST", "/accounts/alice/deposits", "{\"amount\":1}", "d-4").status()).isEqualTo(200);
            assertThat(group.replica(follower).output()).contains("refused a message from intruder (STRANGER",
                    "(TERM_OUT_OF_RANGE", "(CUTS_COMMITTED");
            // 6. A seeded storm of forged messages under the careful load: the history passes every check.
            storm(group, logic);
            // 7. And a new leader is still elected, in a term that can still count up: kill the leader.
            String now = group.awaitLeader(1);
            group.kill(now);
            assertThat(group.awaitLeader(1)).isNotEqualTo(now);
            await().atMost(ChildGroups.CEILING).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(shard.call("GET", "/accounts/alice", null, null).body()).isEqualTo("{\"id\":\"alice\",\"balance\":301}"));
        }
    }

    /**
     * Between batches of the clients' answers, 300 forged messages to the replicas: random kinds,
     * senders, receivers, terms and indices, extremes included; some without the secret, some with
     * it but from strangers, and members' only where a replica must refuse them.
     */
    private static void storm(ChildGroups group, LogicNode logic) throws Exception {
        Random random = new Random(SEED);
        LoadPlan plan = LoadPlan.of("IntruderTest", List.of(logic.url()), List.of("a1", "a2", "a3", "a4"), SEED).withClients(3);
        try (BankLoad load = BankLoad.start(plan)) {
            load.awaitMore(20);
            load.mark("forged messages");
            Proof stranger = TestSecret.proof("intruder");
            for (int i = 0; i < 300; i++) {
                String to = group.replicasOf(1).get(random.nextInt(3));
                Forged forged = forge(random, group, to);
                int status = post(group, to, forged.message(), forged.signed() ? stranger : null);
                assertThat(status).as("%s", forged).isEqualTo(forged.signed() ? 204 : 401);
                if (i % 100 == 99) {
                    load.awaitMore(10);
                }
            }
            load.awaitMore(20);
            // nothing lost, nothing twice, every read true at one moment
            BankLoad.Outcome outcome = load.finish();
            System.out.println(outcome.report());
            outcome.assertPassed();
        }
        assertWhole(group);
    }

    /** No replica took a term near the end of the counting, or holds a commit index past its own log. */
    private static void assertWhole(ChildGroups group) {
        for (String replica : group.replicasOf(1)) {
            assertThat(group.status(replica).path("term").asLong()).as(replica).isLessThan(Long.MAX_VALUE / 2);
            assertThat(group.status(replica).path("lastIndex").asLong()).as(replica)
                    .isGreaterThanOrEqualTo(group.status(replica).path("commitIndex").asLong());
        }
    }

    private record Forged(Message message, boolean signed) {
    }

    /**
     * Unsigned, anything goes (the door refuses it). Signed, only what a replica must refuse: a
     * stranger's message, one for another replica, or a member's with a term that cannot be
     * incremented. (A member's well-formed message, signed, is one the group must believe: guarding
     * against a member that lies is Byzantine fault tolerance, another protocol.)
     */
    private static Forged forge(Random random, ChildGroups group, String to) {
        List<String> members = group.replicasOf(1);
        String member = members.get(random.nextInt(members.size()));
        long[] terms = {0, 1, 2, 7, 1_000, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, -1};
        long[] indices = {0, 1, 3, 1_000_000, Long.MAX_VALUE, -5};
        long term = terms[random.nextInt(terms.length)];
        long index = indices[random.nextInt(indices.length)];
        boolean signed = random.nextBoolean();
        int shape = random.nextInt(3);
        String from = !signed ? (random.nextBoolean() ? member : "intruder") : shape == 0 ? "intruder" : member;
        String receiver = signed && shape == 1 ? "nobody" : to;
        long signedTerm = signed && shape == 2 ? Long.MAX_VALUE : term;
        Message message = switch (random.nextInt(4)) {
            case 0 -> new RequestVote(signedTerm, from, receiver, index, Math.abs(term % 9), "");
            case 1 -> new Vote(signedTerm, from, receiver, random.nextBoolean(), "");
            case 2 -> new Appended(signedTerm, from, receiver, random.nextBoolean(), index, Math.abs(index % 7), "");
            default -> new AppendEntries(signedTerm, from, receiver, Math.abs(index % 5), Math.abs(term % 3),
                    List.of(new Entry(Math.max(0, Math.abs(term % 9)), 1 + random.nextInt(4), "forged")), index, 0);
        };
        return new Forged(message, signed);
    }

    /** POST /raft with the message, proven by {@code proof} (or not at all): the status answered. */
    private static int post(ChildGroups group, String replica, Message message, Proof proof) throws Unreachable {
        try (HttpRemote remote = new HttpRemote("replica " + replica, URI.create(group.url(replica)), 500, 5000, proof)) {
            Response answer = remote.call("POST", "/raft", Forge.json(message), null);
            return answer.status();
        }
    }
}
