package org.birthofds.bank.simulation;

import java.util.List;
import org.birthofds.bank.ledger.Ledger;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.replication.Role;

/** One simulated machine of a shard group: its disk outlives its process; the replica and its ledger do not. */
final class Node {
    final String id;
    final String group;
    final List<String> accounts;
    final Disk disk = new Disk();
    Replica replica;
    Ledger ledger;
    boolean up;
    int incarnation;
    boolean tearNextWrite;

    // What the simulator last saw of the replica, to notice elections and commits.
    Role seenRole = Role.FOLLOWER;
    long seenTerm;
    long seenCommit;

    Node(String id, String group, List<String> accounts) {
        this.id = id;
        this.group = group;
        this.accounts = List.copyOf(accounts);
    }
}
