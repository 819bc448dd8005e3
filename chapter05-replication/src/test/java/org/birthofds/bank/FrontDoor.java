package org.birthofds.bank;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The bank as its API's clients see it: one URL, whatever stands behind it in this chapter. Here
 * it is a logic tier in front of a data tier. Tests written against the front door (the API
 * contract, the model, the load generator) are then the same file in every chapter, and a change
 * to one shows as drift.
 */
final class FrontDoor implements AutoCloseable {
    private final Tiers tiers;

    private FrontDoor(Tiers tiers) {
        this.tiers = tiers;
    }

    /** @param flags for the logic tier, the front door */
    static FrontDoor memoryOnly(String... flags) throws IOException {
        return new FrontDoor(Tiers.memoryOnly(flags));
    }

    /** @param flags for the data tier, which keeps the journal */
    static FrontDoor durable(Path dataDir, String... flags) throws IOException {
        return new FrontDoor(Tiers.durable(dataDir, flags));
    }

    String url() {
        return tiers.url();
    }

    @Override
    public void close() throws IOException {
        tiers.close();
    }
}
