package org.birthofds.bank.simulation;

import java.util.Map;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Replica;

/**
 * What the simulator lets checkers see, as it happens: clients' operations (for the history),
 * and each shard group's elections, commits and applications (for Raft's safety properties, one
 * group at a time, and for the two-phase commit's across groups).
 */
public interface Observer {
    enum Completion { OK, FAIL, UNKNOWN }

    default void invoked(long call, String client, Operation op) {
    }

    /** {@code balances}: what an ok read saw, else null. */
    default void completed(long call, Completion completion, Map<String, Long> balances) {
    }

    default void becameLeader(String group, Replica replica, long time) {
    }

    default void committed(String group, String node, Entry entry, long time) {
    }

    /** {@code incarnation} counts restarts: after one, a replica replays its log from index 1. {@code result}: what the ledger answered. */
    default void applied(String group, String node, int incarnation, Entry entry, String result, long time) {
    }
}
