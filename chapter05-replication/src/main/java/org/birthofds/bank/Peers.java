package org.birthofds.bank;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.birthofds.bank.net.GroupRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.shard.ShardMap;

/**
 * The other shards, as this shard's recovery pass reaches them: over HTTP, through the same
 * {@code net.Remote} seam as the logic tier, to ask a transaction record's shard for its state.
 * Chapter 5: the other shards are replica groups, and a {@link GroupRemote} finds each one's leader.
 */
final class Peers implements AutoCloseable {
    private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
    private final Proof proof;
    private volatile ShardMap map;

    /** @param proof chapter 5: the cluster's secret, which a replica group asks of every call (null: a lone shard) */
    Peers(ShardMap map, Proof proof) {
        this.map = map;
        this.proof = proof;
    }

    /** A new map (tests that start shards on port 0 learn their URLs only after starting them). */
    void use(ShardMap updated) {
        map = updated;
        close();
    }

    /** @return null when the map has no such shard */
    Response call(String shard, String method, String path, String json) throws Unreachable {
        ShardMap known = map;
        if (known == null || !known.has(shard)) {
            return null;
        }
        List<URI> replicas = known.replicas(shard);
        Remote remote = remotes.computeIfAbsent(shard + " " + replicas, k -> new GroupRemote(shard, replicas, 500, 2000, proof));
        return remote.call(method, path, json, null);
    }

    @Override
    public void close() {
        remotes.values().forEach(Remote::close);
        remotes.clear();
    }
}
