package org.birthofds.bank;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One account: its balance and the lock that lets one operation at a time change it. A lock per
 * account, not one for the whole bank, so that transfers between different accounts run on
 * different cores at the same time.
 */
public final class Account {
    public final String id;
    final ReentrantLock lock = new ReentrantLock();
    // Written only under the lock; volatile so that a single read needs no lock.
    private volatile long balance;
    // Chapter 4, also written only under the lock: money promised away by a PENDING cross-shard
    // transfer (a hold), and money promised in by an intent. available = balance - held, and
    // balance + incoming must stay under the limit, so neither promise can be broken.
    private volatile long held;
    private volatile long incoming;
    // Chapter 4, rebalancing: the shard this account is on its way to, or null. Set under the lock,
    // so a write that holds the lock either finished before the export read the balance, or sees this.
    private volatile String leavingFor;

    Account(String id) {
        this.id = id;
    }

    public long balance() {
        return balance;
    }

    public long held() {
        return held;
    }

    public long incoming() {
        return incoming;
    }

    /** What a withdrawal or a transfer may take: the balance less the holds of PENDING transfers. */
    long available() {
        return balance - held;
    }

    public void hold(long delta) {
        held = Math.addExact(held, delta);
    }

    public void expect(long delta) {
        incoming = Math.addExact(incoming, delta);
    }

    public String leavingFor() {
        return leavingFor;
    }

    public void leaveFor(String shard) {
        leavingFor = shard;
    }

    public void balance(long updated) {
        if (updated < 0 || updated > Money.MAX_BALANCE) {
            throw new IllegalStateException("account '" + id + "' would hold " + updated + " cents");
        }
        balance = updated;
    }
}
