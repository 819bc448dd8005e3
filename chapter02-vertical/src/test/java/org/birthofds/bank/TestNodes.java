package org.birthofds.bank;

import java.io.IOException;
import java.nio.file.Path;

/** Starts bank nodes inside the test JVM, always on 127.0.0.1 and port 0. */
final class TestNodes {
    private TestNodes() {
    }

    static BankNode memoryOnly(String... extraFlags) throws IOException {
        return BankNode.start(Flags.parse(concat(new String[] {"--port", "0", "--memory-only"}, extraFlags)));
    }

    static BankNode durable(Path dataDir, String... extraFlags) throws IOException {
        return BankNode.start(Flags.parse(concat(new String[] {"--port", "0", "--data", dataDir.toString()}, extraFlags)));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
