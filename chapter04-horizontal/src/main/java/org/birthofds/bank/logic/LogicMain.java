package org.birthofds.bank.logic;

import org.birthofds.bank.node.NodeMain;

/** Chapter 3's logic tier on its own: the public API, in front of a data tier that is already running. */
public final class LogicMain {
    private LogicMain() {
    }

    public static void main(String[] args) {
        NodeMain.run(args, LogicFlags::parse, LogicFlags.USAGE, LogicNode::start,
                (flags, node) -> "Logic tier listening on " + node.url() + " (public API; data tier at " + flags.dataUrl() + ")");
    }
}
