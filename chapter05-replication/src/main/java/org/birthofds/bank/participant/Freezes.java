package org.birthofds.bank.participant;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.Account;
import org.birthofds.bank.Accounts;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard's half of the consistent read across shards: a freeze stops every write (it takes the
 * whole {@link Barrier}), and answers the balances and the PENDING intents of that one moment. It
 * holds until the reader thaws it, or until its lease runs out: a logic node that dies while it
 * reads must not stop this shard's writes for ever. One freeze at a time; readers take the shards
 * in shard-id order, the one global order, so two readers can never each hold a shard the other waits for.
 */
public final class Freezes implements ShardEngine.Freezing, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Freezes.class);

    private final Barrier barrier;
    private final Accounts accounts;
    private final Intents intents;
    private final String shard;
    private final long waitMs;
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "freeze-leases");
        t.setDaemon(true);
        return t;
    });
    private String current; // guarded by this
    private ScheduledFuture<?> lease; // guarded by this

    /** @param waitMs how long a freeze waits for the writes under way (or another freeze) before it answers 503 */
    public Freezes(Barrier barrier, Accounts accounts, Intents intents, String shard, long waitMs) {
        this.barrier = barrier;
        this.accounts = accounts;
        this.intents = intents;
        this.shard = shard;
        this.waitMs = waitMs;
    }

    /** @param id the freeze's name, given as the request arrived ({@code ShardRoutes}) */
    @Override
    public Bodies.Frozen freeze(String id, long leaseMs) {
        try {
            if (!barrier.freeze(waitMs)) {
                throw ApiError.unavailable("shard " + shard + " could not be frozen within " + waitMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted while freezing shard " + shard);
        }
        synchronized (this) {
            current = id;
            lease = leases.schedule(() -> expire(id), leaseMs, TimeUnit.MILLISECONDS);
        }
        // Frozen: no write is under way and none can start, so these values are all of one moment.
        return moment(id, shard, accounts, intents);
    }

    /** What a frozen shard answers: its balances, its PENDING intents and where its moved accounts went, of one moment. */
    public static Bodies.Frozen moment(String id, String shard, Accounts accounts, Intents intents) {
        List<Bodies.Account> listed = new ArrayList<>();
        for (Account account : accounts.all()) {
            listed.add(new Bodies.Account(account.id, account.balance()));
        }
        List<Bodies.IntentState> pending = intents.pending().stream().map(Intents.Intent::body).toList();
        List<String> movedTo = accounts.moved().values().stream().distinct().sorted().toList();
        return new Bodies.Frozen(id, shard, listed, pending, movedTo);
    }

    @Override
    public synchronized boolean holds(String id) {
        return id.equals(current);
    }

    /** Ends the freeze; a thaw of a freeze that already ended (its lease ran out) changes nothing. */
    @Override
    public boolean thaw(String id) {
        synchronized (this) {
            if (!id.equals(current)) {
                return false;
            }
            current = null;
            lease.cancel(false);
        }
        barrier.thaw();
        return true;
    }

    private void expire(String id) {
        if (thaw(id)) {
            log.warn("Freeze {} of {} outlived its lease: thawed without its reader", id, shard);
        }
    }

    @Override
    public void close() {
        leases.shutdownNow();
    }
}
