package org.birthofds.bank;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.node.Node;

/**
 * The bank as its API's clients see it: one URL, whatever stands behind it in this chapter. Here
 * it is a logic node in front of a shard that is a replica group: a group of one replica, in this
 * JVM, so that every request of the API takes chapter 5's whole path (a log entry, committed on
 * the group's disk, applied by the replica's copy of the engine) without three JVMs per test.
 * Tests written against the front door (the API contract, the model, the load generator) are then
 * the same file in every chapter, and a change to one shows as drift.
 */
final class FrontDoor implements AutoCloseable {
    private final Node replica;
    private final LogicNode logic;

    private FrontDoor(Node replica, LogicNode logic) {
        this.replica = replica;
        this.logic = logic;
    }

    /**
     * A group of one with no journal (a group of one that is never restarted can keep its votes in
     * memory; see the replica's --memory-only).
     *
     * @param flags for the logic node, the front door
     */
    static FrontDoor memoryOnly(String... flags) throws IOException {
        return start(new String[] {"--memory-only"}, flags);
    }

    /** @param flags for the replica, which keeps the journal */
    static FrontDoor durable(Path dataDir, String... flags) throws IOException {
        return start(TestNodes.concat(new String[] {"--data", dataDir.toString()}, flags));
    }

    private static FrontDoor start(String[] replicaFlags, String... logicFlags) throws IOException {
        Node replica = ReplicaMain.start(TestNodes.concat(new String[] {"--id", "r1", "--port", "0", "--secret-file",
                TestSecret.path()}, replicaFlags));
        LogicNode logic = TestNodes.logic(org.birthofds.bank.shard.ShardMap.parse("shard-1=" + replica.url()), logicFlags);
        ApiClient probe = new ApiClient(replica.url(), TestSecret.proof("test"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> probe.get("/status").body().path("role").asText().equals("LEADER")); // a group of one elects itself
        return new FrontDoor(replica, logic);
    }

    String url() {
        return logic.url();
    }

    @Override
    public void close() throws IOException {
        logic.close();
        replica.close();
    }
}
