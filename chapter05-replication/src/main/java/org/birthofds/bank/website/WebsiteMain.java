package org.birthofds.bank.website;

import org.birthofds.bank.node.NodeMain;

/** Chapter 3's presentation tier on its own: the banking website, in front of a logic tier that is already running. */
public final class WebsiteMain {
    private WebsiteMain() {
    }

    public static void main(String[] args) {
        NodeMain.run(args, WebsiteFlags::parse, WebsiteFlags.USAGE, WebsiteNode::start,
                (flags, node) -> "Website listening on " + node.url() + " (logic tier at " + flags.logicUrl() + ")");
    }
}
