package org.birthofds.bank.logic;

import org.birthofds.bank.node.NodeMain;

/** A logic node on its own: the public API, in front of data shards that are already running. */
public final class LogicMain {
    private LogicMain() {
    }

    public static void main(String[] args) {
        NodeMain.run(args, LogicFlags::parse, LogicFlags.USAGE, LogicNode::start,
                (flags, node) -> "Logic tier listening on " + node.url() + " (public API, node " + flags.node() + "; shards "
                        + flags.shards() + ")");
    }
}
