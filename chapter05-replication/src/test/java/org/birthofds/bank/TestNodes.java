package org.birthofds.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.logic.LogicFlags;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.shard.ShardMap;

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

    /**
     * Shards shard-1..shard-{@code count}, memory-only when {@code dataRoot} is null, else each in
     * a directory of its own under it. They learn the shard map once all of them listen.
     */
    static List<BankNode> shards(int count, Path dataRoot, String... extraFlags) throws IOException {
        List<BankNode> shards = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String[] where = dataRoot == null ? new String[] {"--memory-only"}
                    : new String[] {"--data", dataRoot.resolve("shard-" + i).toString()};
            String[] flags = concat(concat(new String[] {"--port", "0", "--shard-id", "shard-" + i}, where), extraFlags);
            shards.add(BankNode.startWithTestHooks(Flags.parse(flags)));
        }
        ShardMap map = map(shards);
        shards.forEach(shard -> shard.usePeers(map));
        return shards;
    }

    /** shard-1 is the first node, shard-2 the second, and so on. */
    static ShardMap map(List<BankNode> shards) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            urls.put("shard-" + (i + 1), shards.get(i).url());
        }
        return ShardMap.of(urls);
    }

    /** A logic tier in front of the one data tier at {@code dataUrl}: chapter 3's bank, one shard. */
    static LogicNode logic(String dataUrl, String... extraFlags) {
        return logic(ShardMap.parse("shard-1=" + dataUrl), extraFlags);
    }

    /** A logic node in front of every shard of the map, with the tests' cluster secret (a replica group asks for it). */
    static LogicNode logic(ShardMap shards, String... extraFlags) {
        try {
            return LogicNode.start(LogicFlags.parse(concat(new String[] {"--port", "0", "--shards", shards.inline(),
                    "--secret-file", TestSecret.path(), "--admin-token-file", TestSecret.adminTokenPath()}, extraFlags)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of prefix0, prefix1, ... that the ring places on {@code shard}: a test chooses where its accounts live. */
    static String accountOn(ShardMap map, String shard, String prefix) {
        for (int i = 0; ; i++) {
            if (map.shardFor(prefix + i).equals(shard)) {
                return prefix + i;
            }
        }
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
