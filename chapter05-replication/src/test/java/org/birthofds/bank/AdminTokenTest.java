package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.node.Node;
import org.birthofds.bank.shard.ShardMap;
import org.junit.jupiter.api.Test;

/**
 * A flag turns an admin or fault endpoint on; only the operator's token lets a call use it. A
 * replica's fault endpoint and a logic node's shard map (the balancer's counters: BalancerTest)
 * refuse a call without the token with 401, even one that carries the cluster's proof, and take
 * the same call with it. The launcher makes the token and prints it; its live page gets it
 * through the login address the launcher prints (LivePageTest).
 */
class AdminTokenTest {
    @Test
    void admin_and_fault_endpoints_refuse_a_call_without_the_operators_token() throws Exception {
        try (Node replica = ReplicaMain.start("--id", "r1", "--port", "0", "--memory-only", "--faults",
                "--secret-file", TestSecret.path(), "--admin-token-file", TestSecret.adminTokenPath());
             LogicNode logic = TestNodes.logic(ShardMap.parse("shard-1=" + replica.url()), "--admin")) {
            // 1. A replica's fault endpoint: the cluster's proof alone is not enough.
            assertThat(status(replica.url(), "POST", "/faults/isolate", TestSecret.proof("test"))).isEqualTo(401);
            assertThat(status(replica.url(), "POST", "/faults/isolate", TestSecret.operator())).isEqualTo(200);
            assertThat(status(replica.url(), "POST", "/faults/heal", TestSecret.operator())).isEqualTo(200);
            // 2. A logic node's shard map, by which a caller could reroute every account.
            assertThat(status(logic.url(), "GET", "/admin/shard-map", null)).isEqualTo(401);
            assertThat(status(logic.url(), "GET", "/admin/shard-map", TestSecret.operator())).isEqualTo(200);
        }
    }

    @Test
    void a_node_will_not_serve_admin_endpoints_without_a_token_to_guard_them() {
        // The flag alone would let anyone who reaches the port in: the start is refused, with what to do.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplicaMain.start("--id", "r1", "--port", "0",
                        "--memory-only", "--faults", "--secret-file", TestSecret.path()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--admin-token-file");
    }

    private static int status(String url, String method, String path, Proof proof) throws Exception {
        try (HttpRemote remote = new HttpRemote("node", URI.create(url), 500, 5000, proof)) {
            return remote.call(method, path, method.equals("POST") ? "" : null, null).status();
        }
    }
}
