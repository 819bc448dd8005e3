package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The data tier answers only on this machine's loopback unless --host says otherwise. */
class LoopbackTest {

    @Test
    void the_data_tier_holds_its_port_on_127_0_0_1_only() throws Exception {
        try (BankNode node = TestNodes.memoryOnly()) {
            int port = URI.create(node.url()).getPort();
            // Had the data tier bound every address (0.0.0.0), this port would be taken on 127.0.0.2
            // as well, and binding it would fail. No packet leaves the loopback to find out.
            try (ServerSocket other = new ServerSocket()) {
                assertThatCode(() -> other.bind(new InetSocketAddress("127.0.0.2", port)))
                        .as("port %d is free on 127.0.0.2: the data tier holds it on 127.0.0.1 alone", port)
                        .doesNotThrowAnyException();
            }
        }
    }
}
