package org.birthofds.bank.tiers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A port offset at which a test's cluster (one logic node unless told more, one shard, and a fourth
 * replica) finds every port free.
 */
final class TestPorts {
    private TestPorts() {
    }

    static int freeOffset() throws IOException {
        return freeOffset(1);
    }

    static int freeOffset(int logicNodes) throws IOException {
        Random random = new Random();
        for (int tries = 0; tries < 50; tries++) {
            int offset = 10_000 + random.nextInt(40_000);
            if (free(offset + Cluster.BALANCER_PORT, offset + 7111, offset + 7112, offset + 7113, offset + 7114,
                    offset + Cluster.WEBSITE_PORT)
                    && free(IntStream.range(0, logicNodes).map(i -> offset + Cluster.FIRST_LOGIC_PORT + i).toArray())) {
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
