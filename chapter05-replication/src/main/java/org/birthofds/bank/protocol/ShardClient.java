package org.birthofds.bank.protocol;

import java.net.URI;
import java.util.ArrayList;
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
 * shard, which follows the group's leader, each {@link ShardRequest} sent as it is, in JSON (to a
 * replica group over one stream per replica, {@code net.ShardStream}: chapter 5's cheap front door), and
 * the ring that says which shard holds an account. Every logic node builds the same ring from the
 * same shard map, so any of them routes any request, and none keeps anything between requests.
 * And the blocking driver of the step machines ({@link #drive}), which the simulator drives on its
 * own event queue instead.
 *
 * <p>Chapter 4, rebalancing: the map is replaced whole when a shard is added ({@link #use}), so a
 * request routed meanwhile sees the old map or the new one, never half of each. A request routed by
 * the old map to an account that has moved is refused by the old shard (503 {@code account_moved}),
 * so a node that routes by an old map is slow to serve, never wrong.
 */
public final class ShardClient implements Caller, AutoCloseable {
    /** A test's look at each call a machine makes: before it is sent, or once it is answered. */
    public interface Hook {
        void at(String shard, ShardRequest request);
    }

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

    /**
     * A new shard map: it may add shards, and give a shard's group new replicas (a machine replaced),
     * but every shard of the old map must still be in it. A shard whose replicas changed gets a new
     * remote at its next call; the old one is left to finish the calls under way, never swapped
     * under a request.
     *
     * @throws IllegalArgumentException when the new map drops a shard
     */
    public synchronized void use(ShardMap newer) {
        map.urls().forEach((id, url) -> {
            if (!newer.has(id)) {
                throw new IllegalArgumentException("A new shard map may add shards, and replace a shard's replicas, but"
                        + " not drop one; it drops " + id + " (" + url + ").");
            }
        });
        map.urls().forEach((id, url) -> {
            if (!newer.replicas(id).equals(url)) {
                remotes.remove(id);
            }
        });
        map = newer;
    }

    /**
     * A shard's own recovery pass takes whatever map its shard was last given (tests learn the URLs of
     * shards started on port 0 only after starting them), and drops the remotes of the old one.
     */
    public synchronized void follow(ShardMap newer) {
        if (!newer.equals(map)) {
            map = newer;
            close();
        }
    }

    public String shardFor(String accountId) {
        return map.shardFor(accountId);
    }

    /** Every shard id, in order: the global order in which the consistent read freezes them. */
    public List<String> ids() {
        return new ArrayList<>(map.urls().keySet()); // a SortedMap: in shard-id order
    }

    @Override
    public Response call(String shard, ShardRequest request) throws Unreachable {
        ShardMap known = map;
        if (!known.has(shard)) {
            throw new Unreachable("no shard " + shard + " in the shard map " + known.urls().keySet(), false, true);
        }
        List<URI> replicas = known.replicas(shard);
        // Chapter 5: a replica group is called over a stream per replica (the cheap front door); a lone shard, or a
        // group of one, over HTTP as chapter 4 called its shards.
        Remote remote = remotes.computeIfAbsent(shard, k -> proof == null || replicas.size() == 1
                ? new GroupRemote("data tier's " + shard, replicas, connectTimeoutMs, requestTimeoutMs, proof)
                : GroupRemote.streaming("data tier's " + shard, replicas, connectTimeoutMs, requestTimeoutMs, proof));
        // The request as it is, typed, to the shard's POST /shard. An Idempotency-Key header is how a GroupRemote
        // knows it may send the call to another replica after a try whose answer was lost (the retry rule).
        String repeatable = request.safeToRepeat() ? request.name() : null;
        return remote.call("POST", "/shard", Bodies.write(request), repeatable);
    }

    /** One request to one shard, as it answers; 503 if it does not in time. */
    public Response ask(String shard, ShardRequest request) {
        return drive(Steps.one(shard, request));
    }

    /** As {@link #drive(Steps)}, with a test's hooks around each call. */
    public Response drive(Steps machine, Hook before, Hook after) {
        Caller hooked = (shard, request) -> {
            before.at(shard, request);
            try {
                return call(shard, request);
            } finally {
                after.at(shard, request);
            }
        };
        return hooked.drive(machine);
    }

    @Override
    public void close() {
        remotes.values().forEach(Remote::close);
        remotes.clear();
    }
}
