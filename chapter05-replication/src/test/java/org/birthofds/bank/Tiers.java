package org.birthofds.bank;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.shard.ShardMap;

/**
 * Data shards and logic nodes in front of them, in the test JVM: the bank as API clients see it.
 * Chapter 3's tests use one shard and one logic node ({@link #data()}, {@link #logic()}).
 */
record Tiers(List<BankNode> shards, List<LogicNode> logics) implements AutoCloseable {

    static Tiers memoryOnly(String... logicFlags) throws IOException {
        BankNode data = TestNodes.memoryOnly();
        return new Tiers(List.of(data), List.of(TestNodes.logic(data.url(), logicFlags)));
    }

    static Tiers durable(Path dataDir, String... dataFlags) throws IOException {
        BankNode data = TestNodes.durable(dataDir, dataFlags);
        return new Tiers(List.of(data), List.of(TestNodes.logic(data.url())));
    }

    /** {@code shardCount} memory-only shards and {@code logicCount} logic nodes, each in front of all of them. */
    static Tiers sharded(int shardCount, int logicCount, String... logicFlags) throws IOException {
        return sharded(shardCount, logicCount, null, new String[0], logicFlags);
    }

    static Tiers sharded(int shardCount, int logicCount, Path dataRoot, String[] shardFlags, String... logicFlags)
            throws IOException {
        List<BankNode> shards = TestNodes.shards(shardCount, dataRoot, shardFlags);
        List<LogicNode> logics = new ArrayList<>();
        for (int i = 1; i <= logicCount; i++) {
            logics.add(TestNodes.logic(TestNodes.map(shards),
                    TestNodes.concat(new String[] {"--node", "logic-" + i}, logicFlags)));
        }
        return new Tiers(List.copyOf(shards), List.copyOf(logics));
    }

    /** The first shard: chapter 3's one data tier. */
    BankNode data() {
        return shards.get(0);
    }

    LogicNode logic() {
        return logics.get(0);
    }

    /** The shard with this id (shard-1 is the first). */
    BankNode shard(String id) {
        return shards.get(Integer.parseInt(id.substring("shard-".length())) - 1);
    }

    ShardMap map() {
        return TestNodes.map(shards);
    }

    /** The public API's URL: the first logic node's. */
    String url() {
        return logic().url();
    }

    @Override
    public void close() throws IOException {
        for (LogicNode logic : logics) {
            logic.close();
        }
        for (BankNode shard : shards) {
            shard.close();
        }
    }
}
