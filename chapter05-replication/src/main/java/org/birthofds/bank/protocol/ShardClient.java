package org.birthofds.bank.protocol;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.GroupRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.shard.ShardMap;

/**
 * The shards, as a logic node or a shard's recovery pass reaches them: one {@link GroupRemote} per
 * shard, which follows the group's leader, and each {@link ShardRequest} sent as it is, in JSON.
 */
public final class ShardClient implements Caller, AutoCloseable {
    private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final Proof proof;
    private volatile ShardMap map;

    /** @param proof the cluster's secret, which replica groups ask of every call (null: lone shards, as in chapter 4) */
    public ShardClient(ShardMap map, int connectTimeoutMs, int requestTimeoutMs, Proof proof) {
        this.map = map;
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.proof = proof;
    }

    public ShardMap map() {
        return map;
    }

    /** A newer map; a shard whose replicas moved gets a new remote. */
    public void use(ShardMap newer) {
        map = newer;
    }

    @Override
    public Response call(String shard, ShardRequest request) throws Unreachable {
        ShardMap known = map;
        if (known == null || !known.has(shard)) {
            throw new Unreachable("no shard " + shard + " in the shard map " + (known == null ? "{}" : known.urls().keySet()),
                    false, true);
        }
        List<URI> replicas = known.replicas(shard);
        Remote remote = remotes.computeIfAbsent(shard + " " + replicas,
                k -> new GroupRemote("data tier's " + shard, replicas, connectTimeoutMs, requestTimeoutMs, proof));
        // The request as it is, typed, to the shard's POST /shard. An Idempotency-Key header is how a GroupRemote
        // knows it may send the call to another replica after a try whose answer was lost (the retry rule).
        String repeatable = request.safeToRepeat() ? request.name() : null;
        return remote.call("POST", "/shard", Bodies.write(request), repeatable);
    }

    @Override
    public void close() {
        remotes.values().forEach(Remote::close);
        remotes.clear();
    }
}
