package org.birthofds.bank.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The balancer's command line: the nodes are named URLs, and every mistake says what was expected. */
class BalancerFlagsTest {

    @Test
    void the_defaults_are_the_launchers_cluster_on_this_machine() {
        BalancerFlags flags = BalancerFlags.parse();

        assertThat(flags.host()).isEqualTo("127.0.0.1");
        assertThat(flags.port()).isEqualTo(7070);
        assertThat(flags.policy()).isEqualTo("round-robin");
        assertThat(flags.nodes()).containsExactly(
                java.util.Map.entry("logic-1", URI.create("http://127.0.0.1:7081")),
                java.util.Map.entry("logic-2", URI.create("http://127.0.0.1:7082")),
                java.util.Map.entry("logic-3", URI.create("http://127.0.0.1:7083")));
        assertThat(flags.admin()).isFalse();
        assertThat(flags.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(flags.probeEvery()).isEqualTo(Duration.ofMillis(200));
        assertThat(flags.probeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(List.of(flags.ejectAfter(), flags.admitAfter())).containsExactly(2, 2);
    }

    @Test
    void nodes_keep_the_order_given_and_may_live_on_other_machines() {
        BalancerFlags flags = BalancerFlags.parse("--nodes", "b=http://10.0.0.2:7081,a=http://10.0.0.1:7081",
                "--policy", "least-outstanding", "--admin", "--admin-token-file", "/tmp/admin.token");

        assertThat(flags.nodes().keySet()).containsExactly("b", "a");
        assertThat(flags.nodes().get("a")).isEqualTo(URI.create("http://10.0.0.1:7081"));
        assertThat(flags.newPolicy()).isInstanceOf(LeastOutstanding.class);
        assertThat(flags.admin()).isTrue();
        assertThat(flags.adminTokenFile()).hasToString("/tmp/admin.token");
    }

    @Test
    void a_mistake_names_what_was_expected() {
        assertThatThrownBy(() -> BalancerFlags.parse("--nodes", "http://127.0.0.1:7081"))
                .hasMessageContaining("name=URL pairs");
        assertThatThrownBy(() -> BalancerFlags.parse("--nodes", "a=http://127.0.0.1:7081,a=http://127.0.0.1:7082"))
                .hasMessageContaining("names 'a' twice");
        assertThatThrownBy(() -> BalancerFlags.parse("--nodes", "a=127.0.0.1:7081"))
                .hasMessageContaining("takes a URL such as");
        assertThatThrownBy(() -> BalancerFlags.parse("--policy", "random"))
                .hasMessageContaining("round-robin or least-outstanding");
        assertThatThrownBy(() -> BalancerFlags.parse("--eject-after", "0"))
                .hasMessageContaining("--eject-after takes a whole number from 1 to 1000");
        assertThatThrownBy(() -> BalancerFlags.parse("--probe-ms", "0"))
                .hasMessageContaining("--probe-ms takes a whole number from 10");
    }
}
