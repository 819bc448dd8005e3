package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.replication.Role;

/**
 * One simulated machine of a shard group: its disk outlives its process; the replica, its copy of
 * the bank and its recovery pass's calls in flight do not.
 */
final class Node {
    /** An input that arrived while the process was paused: it waits, as in a socket's buffer. */
    record Held(Supplier<String> event, Consumer<Replica> input) {
    }

    final String id;
    final String group;
    final List<String> accounts;
    final Members genesis; // the group as this machine was told it at its first start
    Disk disk;
    private int disks; // how many this machine has had: each new one has a name of its own
    boolean retired; // replaced: its disk is gone, and it never starts again under this name
    final List<Held> held = new ArrayList<>();
    Replica replica;
    ReplicatedBank bank;
    Caller caller; // the recovery pass's, while this replica leads
    boolean up;
    boolean paused;
    int incarnation;
    boolean tearNextWrite;
    boolean crashMidBatch;

    // What the simulator last saw of the replica, to notice elections and commits.
    Role seenRole = Role.FOLLOWER;
    long seenTerm;
    long seenCommit;

    Node(String id, String group, List<String> accounts, Members genesis) {
        this.id = id;
        this.group = group;
        this.accounts = List.copyOf(accounts);
        this.genesis = genesis;
        newDisk();
    }

    /** An empty disk in place of the one it had, named anew. */
    void newDisk() {
        disk = new Disk(id + "d" + ++disks);
    }

    /** The name of the disk a machine starts with. */
    static String firstDisk(String id) {
        return id + "d1";
    }
}
