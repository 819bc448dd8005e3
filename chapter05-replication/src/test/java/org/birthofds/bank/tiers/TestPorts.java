package org.birthofds.bank.tiers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Random;

/** A port offset at which a test's cluster (one logic node, one shard, and a fourth replica) finds every port free. */
final class TestPorts {
    private TestPorts() {
    }

    static int freeOffset() throws IOException {
        Random random = new Random();
        for (int tries = 0; tries < 50; tries++) {
            int offset = 10_000 + random.nextInt(40_000);
            if (free(offset + Cluster.BALANCER_PORT, offset + Cluster.FIRST_LOGIC_PORT, offset + 7111, offset + 7112,
                    offset + 7113, offset + 7114, offset + Cluster.WEBSITE_PORT)) {
                return offset;
            }
        }
        throw new IOException("no free ports for a test cluster");
    }

    private static boolean free(int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
