package org.birthofds.bank.failures;

/**
 * Chapter 5's shard: a Raft group of machines that serves while a majority of them is up, since a
 * leader needs a majority's votes and a write a majority's disks. A group of 3 can spare one dead
 * machine, a group of 5 two.
 */
record Group(int machines) {
    Group {
        if (machines < 1) {
            throw new IllegalArgumentException("A group needs at least one machine, not " + machines);
        }
    }

    /** The machines that must be up for the group to elect a leader and commit a write. */
    int majority() {
        return machines / 2 + 1;
    }

    /** How many dead machines at once end the group: one more than it can spare. */
    int deadToLose() {
        return machines - majority() + 1;
    }

    /** The groups a fleet of n machines makes; the few machines left over serve no group. */
    int groupsIn(int fleet) {
        return fleet / machines;
    }
}
