package org.birthofds.bank.twophase;

import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.Caller;
import org.birthofds.bank.protocol.ShardClient;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;
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
 * <p>Chapter 5: a shard is a group of replicas, reached through a {@link ShardClient} that follows
 * each group's leader; and this is the blocking driver of the logic tier's step machines
 * ({@link #drive}), which the simulator drives on its own event queue instead.
 */
public final class Shards implements AutoCloseable {
    /** A test's look at each call a machine makes: before it is sent, or once it is answered. */
    public interface Hook {
        void at(String shard, ShardRequest request);
    }

    private final ShardClient client;
    private volatile ShardMap map;

    /** @param proof the cluster's secret, which replica groups ask of every call (null: lone shards, as in chapter 4) */
    public Shards(ShardMap map, int connectTimeoutMs, int requestTimeoutMs, Proof proof) {
        this.client = new ShardClient(map, connectTimeoutMs, requestTimeoutMs, proof);
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
        client.use(newer);
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

    /** Runs a step machine to its answer, its calls carried out over HTTP one at a time. */
    public Response drive(Steps machine) {
        return client.drive(machine);
    }

    /** As {@link #drive(Steps)}, with a test's hooks around each call. */
    public Response drive(Steps machine, Hook before, Hook after) {
        Caller hooked = (shard, request) -> {
            before.at(shard, request);
            try {
                return client.call(shard, request);
            } finally {
                after.at(shard, request);
            }
        };
        return hooked.drive(machine);
    }

    /** As {@link #drive(Steps)}, with a test's hook before each call. */
    public Response drive(Steps machine, Hook before) {
        return drive(machine, before, (shard, request) -> {
        });
    }

    /** One request to one shard, as it answers; 503 if it does not in time. */
    public Response call(String shard, ShardRequest request) {
        return drive(Steps.one(shard, request));
    }

    @Override
    public void close() {
        client.close();
    }
}
