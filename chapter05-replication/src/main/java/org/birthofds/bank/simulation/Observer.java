package org.birthofds.bank.simulation;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.replication.Snapshot;

/**
 * What the simulator lets checkers see, as it happens: clients' operations (for the history), and
 * every step of every replica, what it said and what its disk kept (for Raft's safety properties,
 * one group at a time, and for the two-phase commit's across groups).
 */
public interface Observer {
    enum Completion { OK, FAIL, UNKNOWN }

    default void invoked(long call, String client, Operation op) {
    }

    /** {@code balances}: what an ok read saw, else null. */
    default void completed(long call, Completion completion, Map<String, Long> balances) {
    }

    /**
     * A replica has taken one input and is about to carry out what it asked for. {@code persist}
     * is the batch's Persist, or null; {@code applied}, the entries it applied; {@code event}
     * describes the input, built only if asked.
     */
    default void stepped(String group, String node, int incarnation, Replica replica, Effect.Persist persist,
                         List<Entry> applied, Supplier<String> event, long time) {
    }

    /** A message has left a replica: what it says can no longer be taken back by a crash. */
    default void said(String group, String node, Message message, long time) {
    }

    /** A replica refused a message unread: in a cluster of honest replicas, a broken rule somewhere. */
    default void refused(String group, String node, Effect.Refused refused, long time) {
    }

    /** A replica's state machine was replaced by its leader's snapshot. */
    default void installed(String group, String node, int incarnation, Snapshot snapshot, long time) {
    }

    /** A replica starts ({@code incarnation} 1) or starts again on what its disk kept. */
    default void restarted(String group, String node, int incarnation, Durable recovered, long time) {
    }

    /** True once a checker has seen enough: the run stops after the current event. */
    default boolean halted() {
        return false;
    }

    default void becameLeader(String group, Replica replica, long time) {
    }

    /** {@code incarnation} counts restarts: after one, a replica replays its log from its snapshot on. {@code result}: what the ledger answered. */
    default void applied(String group, String node, int incarnation, Entry entry, String result, long time) {
    }
}
