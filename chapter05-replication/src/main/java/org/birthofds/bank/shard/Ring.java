package org.birthofds.bank.shard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Consistent hashing: each shard owns many points on a circle of 2^64 hash values, and an account
 * lives on the shard owning the first point at or after the account's own hash. Adding a shard
 * only takes over the arcs in front of its new points, so only the accounts on those arcs move,
 * and they all move to the new shard; with {@code hash % M} nearly every account moves (see
 * {@link ModuloPlacement}). Copying a shard's worth of accounts is slow and risky while the bank
 * keeps serving, so how much data a change moves is what decides whether a cluster can grow.
 *
 * <p>Many virtual nodes per shard because one point each gives arcs of wildly different lengths:
 * with V points a shard's share varies by roughly 1/sqrt(V), so 160 keeps every shard within a
 * few percent of its fair share. Immutable: a new membership is a new ring, so a request routed
 * while the cluster changes sees one ring or the other, never half of each.
 */
public final class Ring {
    /** Ketama's choice too; enough for balance, cheap to build (640 points for 4 shards). */
    public static final int DEFAULT_VIRTUAL_NODES = 160;

    private final SortedSet<String> shards;
    private final int virtualNodes;
    private final NavigableMap<Long, String> points;

    private Ring(SortedSet<String> shards, int virtualNodes) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("A ring needs at least one shard.");
        }
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("A shard needs at least one virtual node, not " + virtualNodes + ".");
        }
        this.shards = shards;
        this.virtualNodes = virtualNodes;
        this.points = new TreeMap<>(Long::compareUnsigned);
        for (String shard : shards) {
            for (int i = 0; i < virtualNodes; i++) {
                // Two points landing on the same value (odds ~1e-14) go to the smaller id, so every
                // machine still builds the same ring whatever order it learnt the shards in.
                points.merge(Hash.of(shard + "#" + i), shard, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
    }

    public static Ring of(Collection<String> shardIds) {
        return of(shardIds, DEFAULT_VIRTUAL_NODES);
    }

    public static Ring of(Collection<String> shardIds, int virtualNodes) {
        return new Ring(new TreeSet<>(shardIds), virtualNodes);
    }

    /** "shard-1" .. "shard-count": the ids the chapter's shard map uses. */
    public static List<String> shardIds(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add("shard-" + i);
        }
        return ids;
    }

    public String shardFor(String accountId) {
        Map.Entry<Long, String> owner = points.ceilingEntry(Hash.of(accountId));
        return owner != null ? owner.getValue() : points.firstEntry().getValue(); // past the top: wrap around
    }

    public Ring withShard(String shardId) {
        if (shards.contains(shardId)) {
            throw new IllegalArgumentException("The ring already has " + shardId + ".");
        }
        SortedSet<String> more = new TreeSet<>(shards);
        more.add(shardId);
        return new Ring(more, virtualNodes);
    }

    public Ring withoutShard(String shardId) {
        if (!shards.contains(shardId)) {
            throw new IllegalArgumentException("The ring has no " + shardId + ".");
        }
        SortedSet<String> fewer = new TreeSet<>(shards);
        fewer.remove(shardId);
        return new Ring(fewer, virtualNodes);
    }

    public SortedSet<String> shards() {
        return Collections.unmodifiableSortedSet(shards);
    }

    public int virtualNodes() {
        return virtualNodes;
    }

    /** The accounts whose data must be copied when the cluster goes from {@code before} to {@code after}. */
    public static List<Move> moves(Ring before, Ring after, Collection<String> accountIds) {
        List<Move> moves = new ArrayList<>();
        for (String account : accountIds) {
            String from = before.shardFor(account);
            String to = after.shardFor(account);
            if (!from.equals(to)) {
                moves.add(new Move(account, from, to));
            }
        }
        return moves;
    }

    @Override
    public String toString() {
        return "Ring" + shards + " with " + virtualNodes + " virtual nodes each";
    }
}
