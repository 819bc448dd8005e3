package org.birthofds.bank;

import java.io.IOException;
import java.nio.file.Path;
import org.birthofds.bank.logic.LogicFlags;
import org.birthofds.bank.logic.LogicNode;

/** Starts tiers inside the test JVM, always on 127.0.0.1 and port 0. */
final class TestNodes {
    private TestNodes() {
    }

    /** A data tier alone: chapter 2's engine behind the internal API. */
    static BankNode memoryOnly(String... extraFlags) throws IOException {
        return BankNode.startWithTestHooks(Flags.parse(concat(new String[] {"--port", "0", "--memory-only"}, extraFlags)));
    }

    static BankNode durable(Path dataDir, String... extraFlags) throws IOException {
        return BankNode.startWithTestHooks(Flags.parse(concat(new String[] {"--port", "0", "--data", dataDir.toString()}, extraFlags)));
    }

    /** A logic tier in front of the data tier at {@code dataUrl}. */
    static LogicNode logic(String dataUrl, String... extraFlags) {
        return LogicNode.start(LogicFlags.parse(concat(new String[] {"--port", "0", "--data-url", dataUrl}, extraFlags)));
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
