package org.birthofds.bank.replicated;

import java.util.function.LongSupplier;
import org.birthofds.bank.Accounts;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.participant.Freezes;
import org.birthofds.bank.participant.Intents;
import org.birthofds.bank.participant.ShardEngine;
import org.birthofds.bank.protocol.ShardAnswer;
import org.birthofds.bank.protocol.ShardRequest;

/**
 * Chapter 4's freeze for the consistent read, carried by a replica group's log. Chapter 4's shard
 * froze by taking every permit of its barrier, so that writers waited in their threads; a replica
 * applies its log on one thread and cannot wait for anyone. Here the freeze is an entry, and every
 * write applied after it is answered "frozen" and changes nothing, until the reader's thaw entry,
 * or until the lease runs out; the replica that put the write in the log answers 503 "frozen", and
 * its caller sends it again shortly ({@code net.GroupRemote}): nothing was done.
 *
 * <p>A state machine reads no clock, so the lease is measured in the times the leader stamped on
 * the entries ({@link ShardRequest.Stamped#time()}): the freeze holds until its entry's time plus the lease,
 * and the first write stamped later lapses it, at the same position of the log on every replica.
 * So a logic node that dies while it reads cannot stop the shard for ever. (Across machines this
 * trusts the leaders' clocks to roughly agree, as every lease does.)
 */
final class LogFreezes implements ShardEngine.Freezing {

    /** What a replica's snapshot keeps of the freeze in force: a write after a restore must meet it too. */
    record Saved(String id, long until) {
    }

    private final Accounts accounts;
    private final Intents intents;
    private final String shard;
    private final LongSupplier entryMillis;
    private volatile String current;
    private volatile long until;

    /** @param entryMillis the time stamped on the entry being applied */
    LogFreezes(Accounts accounts, Intents intents, String shard, LongSupplier entryMillis) {
        this.accounts = accounts;
        this.intents = intents;
        this.shard = shard;
        this.entryMillis = entryMillis;
    }

    /** Null if the request may be applied now, else the answer "frozen"; a request stamped past the lease ends the freeze. */
    ShardAnswer.Frozen admit(ShardRequest.Stamped stamped) {
        if (current == null || stamped.request().isAllowedWhileFrozen()
                || stamped.request() instanceof ShardRequest.Resolve credit && credit.committed() && current.equals(credit.freeze())) {
            return null;
        }
        if (stamped.time() >= until) {
            end(); // lapsed: its reader is gone or too slow, and the shard takes writes again
            return null;
        }
        return new ShardAnswer.Frozen(until); // a write, or another reader's freeze: one freeze at a time, as in chapter 4
    }

    @Override
    public Bodies.Frozen freeze(String id, long leaseMs) {
        current = id;
        until = entryMillis.getAsLong() + leaseMs;
        return Freezes.moment(id, shard, accounts, intents); // no write can come between this entry and the thaw
    }

    @Override
    public boolean holds(String id) {
        return id.equals(current);
    }

    @Override
    public boolean thaw(String id) {
        if (!id.equals(current)) {
            return false; // it lapsed, or this is a repeat
        }
        end();
        return true;
    }

    /** The freeze in force, or null. */
    Saved export() {
        return current == null ? null : new Saved(current, until);
    }

    void load(Saved saved) {
        current = saved == null ? null : saved.id();
        until = saved == null ? 0 : saved.until();
    }

    private void end() {
        current = null;
    }
}
