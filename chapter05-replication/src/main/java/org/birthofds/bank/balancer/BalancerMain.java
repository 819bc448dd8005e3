package org.birthofds.bank.balancer;

import org.birthofds.bank.node.NodeMain;

/** Chapter 4's front door on its own: a load balancer in front of logic nodes that are already running. */
public final class BalancerMain {
    private BalancerMain() {
    }

    public static void main(String[] args) {
        NodeMain.run(args, BalancerFlags::parse, BalancerFlags.USAGE, BalancerNode::start,
                (flags, node) -> "Load balancer listening on " + node.url() + " (" + flags.policy() + " over "
                        + String.join(", ", flags.nodes().keySet()) + ", a health check of each every "
                        + flags.probeEvery().toMillis() + " ms)");
    }
}
