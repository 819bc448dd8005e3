package org.birthofds.bank.twophase;

import java.util.ArrayList;
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
 * The data shards as a logic node reaches them: one {@link Remote} per shard, and the ring that
 * says which shard holds an account. Every logic node builds the same ring from the same shard
 * map, so any of them routes any request, and none keeps anything between requests.
 *
 * <p>Chapter 4, rebalancing: the map is replaced whole when a shard is added ({@link #use}), so a
 * request routed meanwhile sees the old map or the new one, never half of each. A request routed by
 * the old map to an account that has moved is refused by the old shard (503 {@code account_moved}),
 * so a node that routes by an old map is slow to serve, never wrong.
 *
 * <p>Chapter 5: a shard is a group of replicas, reached through a {@link GroupRemote} that follows
 * the group's leader; nothing else here changed.
 */
public final class Shards implements AutoCloseable {
    private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final Proof proof;
    private volatile ShardMap map;

    /** @param proof the cluster's secret, which replica groups ask of every call (null: lone shards, as in chapter 4) */
    public Shards(ShardMap map, int connectTimeoutMs, int requestTimeoutMs, Proof proof) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.proof = proof;
        use(map);
    }

    /**
     * A new shard map: this chapter only adds shards, so every shard of the old map must still be in it, at
     * the same URL (a remote already in use is never swapped under a request).
     *
     * @throws IllegalArgumentException when the new map drops or moves a shard
     */
    public synchronized void use(ShardMap newer) {
        ShardMap older = map;
        if (older != null) {
            older.urls().forEach((id, url) -> {
                if (!newer.has(id) || !newer.replicas(id).equals(url)) {
                    throw new IllegalArgumentException("A new shard map may only add shards; it drops or moves " + id
                            + " (" + url + ").");
                }
            });
        }
        newer.urls().forEach((id, replicas) -> remotes.computeIfAbsent(id,
                k -> new GroupRemote("data tier's " + id, replicas, connectTimeoutMs, requestTimeoutMs, proof)));
        map = newer;
    }

    public String shardFor(String accountId) {
        return map.shardFor(accountId);
    }

    /** Every shard id, in order: the global order in which the consistent read freezes them. */
    public List<String> ids() {
        return new ArrayList<>(map.urls().keySet()); // a SortedMap: in shard-id order
    }

    public ShardMap map() {
        return map;
    }

    public Response call(String shard, String method, String path, String json, String idempotencyKey) throws Unreachable {
        Remote remote = remotes.get(shard);
        if (remote == null) {
            throw new Unreachable("no shard " + shard + " in this logic node's shard map " + map.urls().keySet(), false);
        }
        return remote.call(method, path, json, idempotencyKey);
    }

    @Override
    public void close() {
        remotes.values().forEach(Remote::close);
    }
}
