package org.birthofds.bank;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One account: its balance and the lock that lets one operation at a time change it. A lock per
 * account, not one for the whole bank, so that transfers between different accounts run on
 * different cores at the same time.
 */
final class Account {
    final String id;
    final ReentrantLock lock = new ReentrantLock();
    // Written only under the lock; volatile so that a single read needs no lock.
    private volatile long balance;

    Account(String id) {
        this.id = id;
    }

    long balance() {
        return balance;
    }

    void balance(long updated) {
        if (updated < 0 || updated > Money.MAX_BALANCE) {
            throw new IllegalStateException("account '" + id + "' would hold " + updated + " cents");
        }
        balance = updated;
    }
}
