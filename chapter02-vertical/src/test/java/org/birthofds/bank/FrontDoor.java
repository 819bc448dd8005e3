package org.birthofds.bank;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The bank as its API's clients see it: one URL, whatever stands behind it in this chapter. Here
 * it is one node. Tests written against the front door (the API contract, the model, the load
 * generator) are then the same file in every chapter, and a change to one shows as drift.
 */
final class FrontDoor implements AutoCloseable {
    private final BankNode node;

    private FrontDoor(BankNode node) {
        this.node = node;
    }

    static FrontDoor memoryOnly(String... flags) throws IOException {
        return new FrontDoor(TestNodes.memoryOnly(flags));
    }

    static FrontDoor durable(Path dataDir, String... flags) throws IOException {
        return new FrontDoor(TestNodes.durable(dataDir, flags));
    }

    String url() {
        return node.url();
    }

    @Override
    public void close() throws IOException {
        node.close();
    }
}
