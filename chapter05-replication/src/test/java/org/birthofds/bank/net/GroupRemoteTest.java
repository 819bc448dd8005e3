package org.birthofds.bank.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chapter 5: how a logic node calls a shard that is a group of three replicas. It follows the
 * group to its leader, and it sends a request to a second replica only when that cannot apply it
 * twice. The replicas here are stand-ins that answer as the test says, or cut the connection after
 * reading the request, as a replica killed while working on it.
 */
class GroupRemoteTest {
    private static final String NOT_LEADER = "{\"error\":\"not_leader\",\"message\":\"not me\",\"leader\":%s}";
    private static final String UNKNOWN = "{\"error\":\"unavailable\",\"message\":\"stepped down\",\"leader\":null}";
    private final List<ReplicaStandIn> standIns = new ArrayList<>();

    @Test
    void a_replica_that_does_not_lead_is_followed_to_the_leader_it_names_and_the_leader_is_remembered() throws Exception {
        ReplicaStandIn r1 = standIn();
        ReplicaStandIn r2 = standIn();
        ReplicaStandIn r3 = standIn();
        r1.answers(503, NOT_LEADER.formatted("\"" + r2.url() + "\""));
        r2.answers(200, "{\"id\":\"alice\",\"balance\":5}");

        try (GroupRemote group = group(2000, r1, r2, r3)) {
            assertThat(group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", null).status()).isEqualTo(200);
            assertThat(group.call("GET", "/accounts/alice", null, null).status()).isEqualTo(200);
        }
        assertThat(r1.received()).hasSize(1); // the second call went straight to the leader
        assertThat(r2.received()).hasSize(2);
        assertThat(r3.received()).isEmpty();
    }

    @Test
    void a_leader_added_to_the_group_since_the_caller_started_is_followed_and_kept() throws Exception {
        ReplicaStandIn r1 = standIn();
        ReplicaStandIn r2 = standIn();
        ReplicaStandIn r4 = standIn(); // a machine that joined the group after the caller was given its list
        r1.answers(503, NOT_LEADER.formatted("\"" + r4.url() + "\""));
        r2.answers(503, NOT_LEADER.formatted("\"" + r4.url() + "\""));
        r4.answers(200, "{\"id\":\"alice\",\"balance\":5}");

        try (GroupRemote group = group(2000, r1, r2)) {
            assertThat(group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", null).status()).isEqualTo(200);
            assertThat(group.call("GET", "/accounts/alice", null, null).status()).isEqualTo(200);
        }
        assertThat(r1.received()).hasSize(1); // the second call went straight to the new leader
        assertThat(r4.received()).hasSize(2);
    }

    @Test
    void a_refused_connection_sent_nothing_so_even_a_write_without_a_key_goes_to_the_next_replica() throws Exception {
        ReplicaStandIn r2 = standIn();
        r2.answers(200, "{\"id\":\"alice\",\"balance\":5}");

        try (GroupRemote group = group(2000, closedPort(), r2.url())) {
            assertThat(group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", null).status()).isEqualTo(200);
        }
        assertThat(r2.received()).containsExactly("POST /accounts/alice/deposits");
    }

    @Test
    void a_write_without_a_key_cut_off_at_a_replica_is_unknown_and_sent_nowhere_else() throws Exception {
        ReplicaStandIn r1 = standIn();
        ReplicaStandIn r2 = standIn();
        r1.cuts();
        r2.answers(200, "{}");

        try (GroupRemote group = group(2000, r1, r2)) {
            assertThatThrownBy(() -> group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", null))
                    .isInstanceOfSatisfying(Unreachable.class, e -> assertThat(e.neverSent()).isFalse());
        }
        assertThat(r2.received()).isEmpty();
    }

    @Test
    void a_keyed_write_cut_off_at_a_replica_goes_to_the_next_under_the_same_key() throws Exception {
        ReplicaStandIn r1 = standIn();
        ReplicaStandIn r2 = standIn();
        r1.cuts();
        r2.answers(200, "{}");

        try (GroupRemote group = group(2000, r1, r2)) {
            assertThat(group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", "dep-1").status()).isEqualTo(200);
        }
        assertThat(r2.keys()).containsExactly("dep-1");
    }

    @Test
    void a_leader_that_stepped_down_with_the_write_in_its_log_is_an_unknown_503_unless_the_write_has_a_key() throws Exception {
        ReplicaStandIn r1 = standIn();
        ReplicaStandIn r2 = standIn();
        r1.answers(503, UNKNOWN);
        r2.answers(200, "{}");

        try (GroupRemote group = group(2000, r1, r2)) {
            assertThat(group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", null).status()).isEqualTo(503);
            assertThat(r2.received()).isEmpty();
            assertThat(group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", "dep-2").status()).isEqualTo(200);
        }
        assertThat(r2.keys()).containsExactly("dep-2");
    }

    @Test
    void the_banks_own_503_is_passed_on_as_it_is() throws Exception {
        ReplicaStandIn r1 = standIn();
        ReplicaStandIn r2 = standIn();
        r1.answers(503, "{\"error\":\"account_moving\",\"message\":\"alice is moving\"}");

        try (GroupRemote group = group(2000, r1, r2)) {
            Response answer = group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", "dep-3");
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body()).contains("account_moving");
        }
        assertThat(r2.received()).isEmpty();
    }

    @Test
    void with_no_leader_anywhere_the_call_gives_up_at_its_deadline_having_done_nothing() throws Exception {
        ReplicaStandIn r1 = standIn();
        ReplicaStandIn r2 = standIn();
        r1.answers(503, NOT_LEADER.formatted("null"));
        r2.answers(503, NOT_LEADER.formatted("null"));

        long started = System.nanoTime();
        try (GroupRemote group = group(300, r1, r2)) {
            assertThatThrownBy(() -> group.call("POST", "/accounts/alice/deposits", "{\"amount\":5}", null))
                    .isInstanceOfSatisfying(Unreachable.class, e -> assertThat(e.neverSent()).isTrue());
        }
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(r1.received().size() + r2.received().size()).isGreaterThan(2); // it kept asking, with pauses
    }

    private GroupRemote group(int timeoutMs, ReplicaStandIn... replicas) {
        return group(timeoutMs, java.util.Arrays.stream(replicas).map(ReplicaStandIn::url).toArray(String[]::new));
    }

    private static GroupRemote group(int timeoutMs, String... urls) {
        return new GroupRemote("shard-1", java.util.Arrays.stream(urls).map(URI::create).toList(), 200, 1000, timeoutMs);
    }

    private ReplicaStandIn standIn() throws IOException {
        ReplicaStandIn standIn = new ReplicaStandIn();
        standIns.add(standIn);
        return standIn;
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (ReplicaStandIn standIn : standIns) {
            standIn.close();
        }
    }
}
