package org.birthofds.bank.balancer;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The node with the fewest requests in flight. A node that has slowed down (a long garbage
 * collection, a hot shard behind it) finishes fewer requests, so its count grows and it is sent
 * less, without the balancer having to know why: the in-flight count is a free, local measure
 * of how busy a node is.
 *
 * <p>Choosing and counting happen under one small lock: two threads that both saw the same node
 * as least busy would both send there, and the guarantee "the next request goes to a least busy
 * node" would become "usually". The lock covers a scan of a handful of counters, nothing slower.
 *
 * <p>Ties rotate: the scan starts just after the last node chosen. With a fixed order, a lightly
 * loaded bank (everything idle, every count zero) would send every request to the first node,
 * and the others would sit idle and untested until the day they are needed.
 */
final class LeastOutstanding implements Policy {
    private final Nodes nodes;
    private int start; // guarded by this

    LeastOutstanding(List<String> nodes) {
        this.nodes = new Nodes(nodes);
    }

    @Override
    public synchronized Optional<String> pick(Predicate<String> eligible) {
        int size = nodes.names.size();
        int best = -1;
        for (int step = 0; step < size; step++) {
            int candidate = (start + step) % size;
            if (eligible.test(nodes.names.get(candidate))
                    && (best < 0 || nodes.inFlight.get(candidate) < nodes.inFlight.get(best))) {
                best = candidate;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        start = (best + 1) % size;
        return Optional.of(nodes.sentTo(best));
    }

    /** No lock: a finish racing a pick only makes a node look busy a moment longer than it is. */
    @Override
    public void finished(String node) {
        nodes.finished(node);
    }

    @Override
    public List<NodeCount> counts() {
        return nodes.counts();
    }
}
