package org.birthofds.bank.shard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
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
 *
 * <p>Weighted: a shard of weight w owns w times the points, so w times the arcs
 * and the accounts, as Ketama does for memcached servers of different sizes. Its points are
 * {@code id#0 .. id#(w·V-1)}: the first V are the points it has at weight 1, so a weight of 1 is
 * the unweighted ring (no running bank re-homes an account), raising a weight only adds points
 * (every account that moves, moves to that shard), and lowering one only removes them.
 */
public final class Ring {
    /** Ketama's choice too; enough for balance, cheap to build (640 points for 4 shards). */
    public static final int DEFAULT_VIRTUAL_NODES = 160;
    /** A weight is a whole number of shares: 2 for a machine twice the size. */
    public static final int MAX_WEIGHT = 100;

    private final SortedMap<String, Integer> weights;
    private final int virtualNodes;
    private final NavigableMap<Long, String> points;

    private Ring(SortedMap<String, Integer> weights, int virtualNodes) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("A ring needs at least one shard.");
        }
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("A shard needs at least one virtual node, not " + virtualNodes + ".");
        }
        this.weights = Collections.unmodifiableSortedMap(weights);
        this.virtualNodes = virtualNodes;
        this.points = new TreeMap<>(Long::compareUnsigned);
        weights.forEach((shard, weight) -> {
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("Shard " + shard + " needs a weight from 1 to " + MAX_WEIGHT
                        + ", not " + weight + ".");
            }
            for (int i = 0; i < weight * virtualNodes; i++) {
                // Two points landing on the same value (odds ~1e-14) go to the smaller id, so every
                // machine still builds the same ring whatever order it learnt the shards in.
                points.merge(Hash.of(shard + "#" + i), shard, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        });
    }

    public static Ring of(Collection<String> shardIds) {
        return of(shardIds, DEFAULT_VIRTUAL_NODES);
    }

    public static Ring of(Collection<String> shardIds, int virtualNodes) {
        SortedMap<String, Integer> weights = new TreeMap<>();
        shardIds.forEach(id -> weights.put(id, 1));
        return new Ring(weights, virtualNodes);
    }

    /** Each shard with its weight: a shard of weight 2 holds about twice the accounts of one of weight 1. */
    public static Ring weighted(Map<String, Integer> weights) {
        return new Ring(new TreeMap<>(weights), DEFAULT_VIRTUAL_NODES);
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
        if (weights.containsKey(shardId)) {
            throw new IllegalArgumentException("The ring already has " + shardId + ".");
        }
        SortedMap<String, Integer> more = new TreeMap<>(weights);
        more.put(shardId, 1);
        return new Ring(more, virtualNodes);
    }

    public Ring withoutShard(String shardId) {
        if (!weights.containsKey(shardId)) {
            throw new IllegalArgumentException("The ring has no " + shardId + ".");
        }
        SortedMap<String, Integer> fewer = new TreeMap<>(weights);
        fewer.remove(shardId);
        return new Ring(fewer, virtualNodes);
    }

    public SortedSet<String> shards() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(weights.keySet()));
    }

    /** How many shares of the ring this shard owns; 1 unless its map entry says otherwise. */
    public int weight(String shardId) {
        Integer weight = weights.get(shardId);
        if (weight == null) {
            throw new IllegalArgumentException("The ring has no " + shardId + ".");
        }
        return weight;
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
        return "Ring" + weights.keySet() + " with " + virtualNodes + " virtual nodes per unit of weight"
                + (weights.values().stream().allMatch(w -> w == 1) ? "" : ", weights " + weights);
    }
}
