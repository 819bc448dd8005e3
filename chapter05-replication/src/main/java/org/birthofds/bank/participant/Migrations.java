package org.birthofds.bank.participant;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.birthofds.bank.Account;
import org.birthofds.bank.Accounts;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.Command;
import org.birthofds.bank.Locks;
import org.birthofds.bank.Storage;
import org.birthofds.bank.shard.ShardMap;

/**
 * A shard's side of adding a shard: moving one account at a time to the shard the new ring places
 * it on, with the account on exactly one shard that takes writes at every moment, crash or not.
 * Three steps, each a journal record that is durable before its answer, and each safe to repeat:
 * <ol>
 * <li>export, at the old shard ({@code leaving}): the account takes no more writes here, and its
 *     balance is final. If a cross-shard transfer holds money on it, or promised money to it, the
 *     export answers 503 until that transfer settles: the transaction record and the intents point
 *     at shards by id, so moving them with the account would leave every pointer wrong;
 * <li>import, at the new shard ({@code imported}): the account arrives with that balance;
 * <li>moved, at the old shard ({@code moved}): the copy here is gone. Every later request for it,
 *     from a logic node whose shard map is old, gets 503 {@code account_moved}, never a 404, and
 *     never a write to a stale copy.
 * </ol>
 * The migrator ({@code rebalance.AddShard}) drives them over HTTP, and keeps nothing: run again
 * after a crash, each step finds its record and answers as before. Admin endpoints, only with
 * {@code --admin}: they take accounts away from a shard.
 *
 * <p>Not yet handled: the Idempotency-Keys of an account's past writes stay on the old shard, so a
 * keyed repeat that arrives after the move is applied again by the new one (see NOTES-rebalance.md).
 */
public final class Migrations {
    private final Accounts accounts;
    private final Storage storage;
    private final Locks locks;
    private final Barrier barrier;
    private final String shard;
    private final Consumer<ShardMap> newMap;
    private final Map<String, String> imported = new ConcurrentHashMap<>(); // account -> the shard it came from
    private volatile ShardMap installed; // chapter 5: the map that places ids here, kept for a replica's snapshot

    /** Chapter 5: what a replica's snapshot keeps: the installed map (null: none yet) and what came in from where. */
    public record Saved(String installedMap, SortedMap<String, String> imported) {
    }

    public Migrations(Accounts accounts, Storage storage, Locks locks, Barrier barrier, String shard, Consumer<ShardMap> newMap) {
        this.accounts = accounts;
        this.storage = storage;
        this.locks = locks;
        this.barrier = barrier;
        this.shard = shard;
        this.newMap = newMap;
    }

    /** Every write to an account checks this with the account's lock held: a leaving account takes none. */
    public static void ensureStaying(Account account) {
        String to = account.leavingFor();
        if (to != null) {
            throw ApiError.accountMoving(account.id, to);
        }
    }

    /**
     * The new shard map, before any account moves: from now on this shard opens no account that the
     * new ring places elsewhere, so a logic node with the old map cannot create a copy that the new
     * map would never find. Not journaled: the migrator installs it again whenever it runs, and the
     * shard's --shards flag is the map it restarts with.
     */
    public Bodies.ShardList installMap(Bodies.ShardList body) {
        ShardMap map;
        try {
            map = ShardMap.parse(body.shards());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        if (!map.has(shard)) {
            throw ApiError.invalid("The shard map " + map + " has no " + shard + ", the shard it was sent to.");
        }
        Lock opening = accounts.lockForOpening("");
        opening.lock(); // an open that passed the old check finishes first, and so is listed for the migrator
        try {
            accounts.placeBy(map::shardFor);
            installed = map;
        } finally {
            opening.unlock();
        }
        newMap.accept(map); // where this shard's recovery pass finds the others from now on
        return new Bodies.ShardList(map.inline());
    }

    /** Step 1, at the old shard. */
    public Bodies.Exported export(String id, String toShard) {
        if (toShard.equals(accounts.movedTo(id))) {
            return new Bodies.Exported(id, 0, toShard, "MOVED"); // a repeat after step 3: nothing left to do here
        }
        Account account = accounts.existing(id);
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(account)) {
            String leaving = account.leavingFor();
            if (leaving == null) {
                write(new Command.Leaving(id, toShard));
                account.leaveFor(toShard);
            } else if (!leaving.equals(toShard)) {
                throw ApiError.moveConflict(id, "is already leaving for " + leaving);
            }
            if (account.held() != 0 || account.incoming() != 0) {
                throw ApiError.accountSettling(id, account.held(), account.incoming());
            }
            return new Bodies.Exported(id, account.balance(), toShard, "LEAVING");
        }
    }

    /** Step 2, at the new shard. A repeat from the same shard with the same balance is answered as before. */
    public Bodies.Account importAccount(String id, Bodies.Import body) {
        Lock opening = accounts.lockForOpening(id);
        try (Barrier.Permit permit = barrier.write()) {
            opening.lock();
            try {
                Account here = accounts.get(id);
                if (here != null) {
                    if (body.fromShard().equals(imported.get(id)) && here.balance() == body.balance()) {
                        return new Bodies.Account(id, here.balance());
                    }
                    throw ApiError.moveConflict(id, "already exists on " + shard);
                }
                write(new Command.Imported(id, body.balance(), body.fromShard()));
                accounts.create(id);
                accounts.get(id).balance(body.balance());
                imported.put(id, body.fromShard());
                return new Bodies.Account(id, body.balance());
            } finally {
                opening.unlock();
            }
        }
    }

    /** Step 3, at the old shard: only after step 1, and only once the new copy is durable (step 2 answered). */
    public Bodies.Exported moved(String id, String toShard) {
        if (toShard.equals(accounts.movedTo(id))) {
            return new Bodies.Exported(id, 0, toShard, "MOVED");
        }
        Account account = accounts.existing(id);
        Lock opening = accounts.lockForOpening(id);
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(account)) {
            opening.lock(); // so that no open of this id can slip in between the removal and the moved mark
            try {
                if (!toShard.equals(account.leavingFor())) {
                    throw ApiError.moveConflict(id, "was not exported to " + toShard);
                }
                write(new Command.Moved(id, toShard));
                accounts.remove(id, toShard);
                return new Bodies.Exported(id, account.balance(), toShard, "MOVED");
            } finally {
                opening.unlock();
            }
        }
    }

    public Bodies.Moves moves() {
        List<String> leaving = accounts.all().stream().filter(a -> a.leavingFor() != null).map(a -> a.id).toList();
        return new Bodies.Moves(shard, leaving, new TreeMap<>(accounts.moved()), new TreeMap<>(imported));
    }

    /** Rebuilds what came in at start; Accounts rebuilds the balances, the fences and what went away. */
    public void replay(Command command) {
        if (command instanceof Command.Imported c) {
            imported.put(c.id(), c.fromShard());
        }
    }

    /** Chapter 5, for a replica's snapshot. */
    public Saved export() {
        ShardMap map = installed;
        return new Saved(map == null ? null : map.inline(), new TreeMap<>(imported));
    }

    /** Chapter 5: replaces what came in, and the placement, with a snapshot's: without a map, any id opens here. */
    public void load(Saved saved) {
        imported.clear();
        imported.putAll(saved.imported());
        ShardMap map = saved.installedMap() == null ? null : ShardMap.parse(saved.installedMap());
        installed = map;
        accounts.placeBy(map == null ? id -> null : map::shardFor);
    }

    private void write(Command command) {
        try {
            storage.write(command);
        } catch (IOException e) {
            throw ApiError.storageFailed(e);
        }
    }
}
