package org.birthofds.bank.twophase;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /accounts} across shards: one snapshot, whose total is the money in the bank at one
 * moment even while cross-shard transfers run. Each shard's own listing is consistent (it takes
 * all its locks), but two listings taken one after the other are of two moments, and a transfer
 * that commits between them is counted twice or not at all.
 *
 * <p>The consistent read freezes every shard, in shard-id order (the one global order, chapter
 * 2's lesson again: two readers can never each hold a shard the other waits for), reads each
 * one's balances and PENDING intents, asks each intent's record shard for its fate while all are
 * frozen, counts a payee's credit that is COMMITTED but not yet applied, then thaws them all.
 * What it costs: every write on every shard waits for the read's duration; a read is 2M round
 * trips (a freeze and a thaw per shard) plus one per pending intent; and reads run one at a time.
 */
public final class Snapshot {
    public enum Mode { CONSISTENT, NAIVE }

    private static final Logger log = LoggerFactory.getLogger(Snapshot.class);

    private final Shards shards;
    private final Mode mode;
    private final long leaseMs;
    private volatile Consumer<String> betweenShardReads = shard -> {
    };

    public Snapshot(Shards shards, Mode mode, long leaseMs) {
        this.shards = shards;
        this.mode = mode;
        this.leaseMs = leaseMs;
    }

    /** @throws ApiError 503 when a shard gave no answer in time */
    public Bodies.AccountList read() {
        try {
            return mode == Mode.NAIVE || shards.ids().size() == 1 ? naive() : consistent();
        } catch (Unreachable e) {
            throw ApiError.unavailable(e.getMessage());
        }
    }

    /** A test's fault hook, off unless a test sets it: runs after each shard is read (naive) or frozen (consistent). */
    public void betweenShardReads(Consumer<String> hook) {
        betweenShardReads = hook;
    }

    /**
     * FAILURE MODE (fixed in chapter 04, by {@link #consistent}): shard by shard, each listing of
     * its own moment. With one shard it is exact (its listing holds all its locks), and that is
     * all it is used for unless {@code --reads naive} asks for it.
     */
    private Bodies.AccountList naive() throws Unreachable {
        Map<String, Long> balances = new TreeMap<>();
        for (String shard : shards.ids()) {
            Response answer = shards.call(shard, "GET", "/accounts", null, null);
            if (!answer.ok()) {
                throw ApiError.unavailable("shard " + shard + " answered " + answer.status());
            }
            Bodies.read(answer.body(), Bodies.AccountList.class).accounts().forEach(a -> balances.put(a.id(), a.balance()));
            betweenShardReads.accept(shard);
        }
        return listing(balances);
    }

    private Bodies.AccountList consistent() throws Unreachable {
        List<Bodies.Frozen> frozen = new ArrayList<>();
        List<String> frozenIds = new ArrayList<>();
        List<String> known = shards.ids(); // one map for the whole read: a new one may arrive while it runs
        try {
            for (String shard : known) {
                Response answer = shards.call(shard, "POST", "/freezes", Bodies.write(new Bodies.Freeze(leaseMs)), null);
                if (!answer.ok()) {
                    throw ApiError.unavailable("shard " + shard + " could not be frozen (" + answer.status() + ")");
                }
                frozen.add(Bodies.read(answer.body(), Bodies.Frozen.class));
                frozenIds.add(shard);
                betweenShardReads.accept(shard);
            }
            // Everything is frozen: no record can change state, and no intent can be applied, until the thaw.
            staleMapCheck(frozen, known);
            Map<String, Long> balances = new TreeMap<>();
            frozen.forEach(f -> f.accounts().forEach(a -> balances.put(a.id(), a.balance())));
            for (Bodies.Frozen f : frozen) {
                for (Bodies.IntentState intent : f.intents()) {
                    if (committed(intent)) {
                        balances.merge(intent.to(), intent.amount(), Long::sum); // debited at the payer, not yet credited here
                    }
                }
            }
            return listing(balances);
        } finally {
            thaw(frozenIds, frozen);
        }
    }

    /**
     * Chapter 4, rebalancing: accounts that moved to a shard this read did not freeze are in no listing it
     * read, so its total would be short. It must say so (503), not answer a wrong total. The shards it
     * knows are the ones it froze, even if a newer map has reached this node since (AddShardTest met
     * that race once: a read that froze the old shards, then checked against the new map, missed an account).
     */
    private static void staleMapCheck(List<Bodies.Frozen> frozen, List<String> known) {
        for (Bodies.Frozen f : frozen) {
            for (String to : f.movedTo() == null ? List.<String>of() : f.movedTo()) {
                if (!known.contains(to)) {
                    throw ApiError.unavailable("accounts of " + f.shard() + " moved to " + to + ", which this logic node's"
                            + " shard map " + known + " lacks; it needs the new map");
                }
            }
        }
    }

    private boolean committed(Bodies.IntentState intent) throws Unreachable {
        Response answer = shards.call(intent.recordShard(), "GET", "/transactions/" + intent.tx(), null, null);
        if (!answer.ok()) {
            throw ApiError.unavailable("the record of " + intent.tx() + " on " + intent.recordShard() + " answered "
                    + answer.status());
        }
        return Bodies.read(answer.body(), Bodies.TxState.class).state().equals("COMMITTED");
    }

    /** Best effort: a thaw that does not arrive is done by the freeze's lease. */
    private void thaw(List<String> ids, List<Bodies.Frozen> frozen) {
        for (int i = 0; i < ids.size(); i++) {
            try {
                shards.call(ids.get(i), "POST", "/freezes/" + frozen.get(i).freezeId() + "/thaw", null, frozen.get(i).freezeId());
            } catch (Unreachable e) {
                log.warn("Thaw of {} not delivered; its lease of {} ms will end the freeze: {}", ids.get(i), leaseMs, e.getMessage());
            }
        }
    }

    private static Bodies.AccountList listing(Map<String, Long> balances) {
        List<Bodies.Account> accounts = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<String, Long> entry : balances.entrySet()) {
            accounts.add(new Bodies.Account(entry.getKey(), entry.getValue()));
            total = total.add(BigInteger.valueOf(entry.getValue()));
        }
        return new Bodies.AccountList(accounts, total);
    }
}
