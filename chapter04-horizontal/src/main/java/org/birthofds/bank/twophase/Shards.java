package org.birthofds.bank.twophase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.shard.ShardMap;

/**
 * The data shards as a logic node reaches them: one {@link Remote} per shard, and the ring that
 * says which shard holds an account. Every logic node builds the same ring from the same shard
 * map, so any of them routes any request, and none keeps anything between requests.
 */
public final class Shards implements AutoCloseable {
    private final ShardMap map;
    private final Map<String, Remote> remotes = new TreeMap<>();

    public Shards(ShardMap map, int connectTimeoutMs, int requestTimeoutMs) {
        this.map = map;
        map.urls().forEach((id, url) -> remotes.put(id, new HttpRemote("data tier's " + id, url, connectTimeoutMs, requestTimeoutMs)));
    }

    public String shardFor(String accountId) {
        return map.shardFor(accountId);
    }

    /** Every shard id, in order: the global order in which the consistent read freezes them. */
    public List<String> ids() {
        return new ArrayList<>(remotes.keySet());
    }

    public ShardMap map() {
        return map;
    }

    public Response call(String shard, String method, String path, String json, String idempotencyKey) throws Unreachable {
        return remotes.get(shard).call(method, path, json, idempotencyKey);
    }

    @Override
    public void close() {
        remotes.values().forEach(Remote::close);
    }
}
