package org.birthofds.bank.group;

import org.birthofds.bank.node.NodeMain;

/** One replica of a shard group in a JVM of its own: part 1's Replica, over HTTP, with a real timer and a real journal. */
public final class ReplicaMain {
    private ReplicaMain() {
    }

    public static void main(String[] args) {
        NodeMain.run(args, GroupFlags::parse, GroupFlags.USAGE, ReplicaNode::start,
                (flags, node) -> "Replica " + flags.id() + " listening on " + node.url() + " (peers " + flags.peers()
                        + ", journal in " + flags.data() + ")");
    }
}
