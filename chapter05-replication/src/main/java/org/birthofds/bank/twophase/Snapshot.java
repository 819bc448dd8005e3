package org.birthofds.bank.twophase;

import java.util.UUID;
import java.util.function.Consumer;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.ShardClient;
import org.birthofds.bank.protocol.ShardRequest;

/**
 * The logic tier's driver of {@link ConsistentRead}, {@code GET /accounts} across shards as one
 * moment of the bank, written as a step machine: it carries the machine's calls out over HTTP, one
 * at a time, on the request's thread. The simulator drives the same machine in virtual time.
 */
public final class Snapshot {
    private final ShardClient shards;
    private final ConsistentRead.Mode mode;
    private final long leaseMs;
    private volatile Consumer<String> betweenShardReads = shard -> {
    };

    public Snapshot(ShardClient shards, ConsistentRead.Mode mode, long leaseMs) {
        this.shards = shards;
        this.mode = mode;
        this.leaseMs = leaseMs;
    }

    /** @throws ApiError 503 when a shard gave no answer in time, or could not be frozen */
    public Bodies.AccountList read() {
        ConsistentRead machine = new ConsistentRead(shards.ids(), mode, UUID.randomUUID().toString(),
                leaseMs);
        Response answer = shards.drive(machine, (shard, request) -> {
        }, (shard, request) -> {
            if (request instanceof ShardRequest.ListAll || request instanceof ShardRequest.Freeze) {
                betweenShardReads.accept(shard);
            }
        });
        if (!answer.ok()) {
            throw ApiError.unavailable(Bodies.read(answer.body(), Bodies.Error.class).message());
        }
        return Bodies.read(answer.body(), Bodies.AccountList.class);
    }

    /** A test's fault hook, off unless a test sets it: runs after each shard is read (naive) or frozen (consistent). */
    public void betweenShardReads(Consumer<String> hook) {
        betweenShardReads = hook;
    }
}
