package org.birthofds.bank;

import java.io.IOException;
import java.nio.file.Path;
import org.birthofds.bank.logic.LogicNode;

/** A data tier and a logic tier in front of it, in the test JVM: the bank as API clients see it. */
record Tiers(BankNode data, LogicNode logic) implements AutoCloseable {

    static Tiers memoryOnly(String... logicFlags) throws IOException {
        BankNode data = TestNodes.memoryOnly();
        return new Tiers(data, TestNodes.logic(data.url(), logicFlags));
    }

    static Tiers durable(Path dataDir, String... dataFlags) throws IOException {
        BankNode data = TestNodes.durable(dataDir, dataFlags);
        return new Tiers(data, TestNodes.logic(data.url()));
    }

    /** The public API's URL: the logic tier's. */
    String url() {
        return logic.url();
    }

    @Override
    public void close() throws IOException {
        logic.close();
        data.close();
    }
}
