package org.birthofds.bank.group;

import java.io.IOException;
import java.nio.file.Path;
import org.birthofds.bank.node.Node;
import org.birthofds.bank.node.NodeMain;

/**
 * One replica of a shard group in a JVM of its own: part 1's Replica, over HTTP, with a real timer
 * and a real journal, serving chapter 4's shard API for its group.
 */
public final class ReplicaMain {
    private ReplicaMain() {
    }

    public static void main(String[] args) {
        NodeMain.run(args, GroupFlags::parse, GroupFlags.USAGE, ReplicaNode::start,
                (flags, node) -> "Replica " + flags.id() + " of " + flags.shardId() + " listening on " + node.url()
                        + " (peers " + flags.peers() + ", " + (flags.memoryOnly() ? "no journal: memory only"
                        : "journal in " + flags.data()) + ")");
    }

    /**
     * Sets up a new machine's disk for a group being founded: names it, or reads the name it has.
     * The founder gives every founding replica each one's name (--disks), so that the group knows
     * its disks from its first moment, and a disk thrown away and started again is refused.
     */
    public static String setUpDisk(Path dir) throws IOException {
        return RaftJournal.setUp(dir);
    }

    /** The name of the disk in {@code dir}, or null if it has none: never set up, or thrown away. */
    public static String diskIn(Path dir) throws IOException {
        return RaftJournal.nameIn(dir);
    }

    /** A replica in this JVM, for tests that need no SIGKILL: it serves until closed. */
    public static Node start(String... flags) throws IOException {
        return ReplicaNode.start(GroupFlags.parse(flags));
    }
}
