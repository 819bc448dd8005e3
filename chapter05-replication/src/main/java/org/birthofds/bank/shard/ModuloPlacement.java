package org.birthofds.bank.shard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The first placement anyone writes: shard number {@code hash % M}. It balances perfectly and
 * costs nothing, and it is wrong for a cluster that grows: going from M to M+1 shards keeps an
 * account in place only when {@code hash % M == hash % (M+1)}, which is 1 time in M+1, so from
 * 3 to 4 shards three accounts in four must be copied to another machine. Kept to be measured
 * against {@link Ring}, not to be used.
 */
public final class ModuloPlacement {
    private final List<String> shards;

    public ModuloPlacement(List<String> shardIds) {
        if (shardIds.isEmpty()) {
            throw new IllegalArgumentException("A placement needs at least one shard.");
        }
        this.shards = List.copyOf(shardIds);
    }

    public String shardFor(String accountId) {
        // Unsigned, or half the hashes would give a negative index.
        return shards.get((int) Long.remainderUnsigned(Hash.of(accountId), shards.size()));
    }

    public static List<Move> moves(ModuloPlacement before, ModuloPlacement after, Collection<String> accountIds) {
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
}
