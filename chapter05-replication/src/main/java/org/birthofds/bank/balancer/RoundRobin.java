package org.birthofds.bank.balancer;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each node in turn. Fair in count and blind to everything else: a node that is slow, or stuck
 * behind a long request, still gets its turn, which is why chapter 4 measures it against
 * {@link LeastOutstanding}. One atomic ticket per request makes the turns exact under any
 * concurrency: K·N requests give every node exactly K.
 */
final class RoundRobin implements Policy {
    private final Nodes nodes;
    private final AtomicLong ticket = new AtomicLong();

    RoundRobin(List<String> nodes) {
        this.nodes = new Nodes(nodes);
    }

    @Override
    public String pick() {
        // A long will not wrap in the life of any bank, so floorMod is only for the principle.
        return nodes.sentTo((int) Math.floorMod(ticket.getAndIncrement(), (long) nodes.names.size()));
    }

    @Override
    public void finished(String node) {
        nodes.finished(node);
    }

    @Override
    public List<NodeCount> counts() {
        return nodes.counts();
    }
}
