package org.birthofds.bank.balancer;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The power of two random choices (Azar, Broder, Karlin and Upfal; Mitzenmacher): look at two
 * nodes chosen at random and send to the one with fewer requests in flight. One random choice
 * is blind, like round robin; two are almost as good as looking at every node, because a slow
 * node is chosen only when both choices are slow: with k slow nodes of N, k/N · (k-1)/(N-1) of
 * the time, where round robin sends them k/N.
 *
 * <p>And it needs no lock. {@link LeastOutstanding} scans every counter under one lock, so that
 * two picks never both take the same least busy node; every request thread of the balancer
 * passes through that lock, one at a time. Here a pick reads two counters and moves on: two
 * picks at the same instant may both choose the same node, and that costs one request of
 * imbalance, not a wrong answer. Nginx and Envoy balance this way ("random two", "P2C").
 *
 * <p>Seeded, so that a run can be replayed: pick number n draws from {@code seed} and n alone,
 * with SplittableRandom's mixing function, and the only shared state is the atomic ticket.
 */
final class TwoChoices implements Policy {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final Nodes nodes;
    private final long seed;
    private final AtomicLong ticket = new AtomicLong();

    TwoChoices(List<String> nodes, long seed) {
        this.nodes = new Nodes(nodes);
        this.seed = seed;
    }

    @Override
    public String pick() {
        int size = nodes.names.size();
        if (size == 1) {
            return nodes.sentTo(0);
        }
        long n = ticket.getAndAdd(2); // two draws per pick
        int first = (int) Long.remainderUnsigned(mix(seed + n * GOLDEN_GAMMA), size);
        int other = (int) Long.remainderUnsigned(mix(seed + (n + 1) * GOLDEN_GAMMA), size - 1);
        int second = other < first ? other : other + 1; // two different nodes, each pair as likely as any other
        // Two plain reads: a finish or a pick racing them only makes one choice a moment stale.
        return nodes.sentTo(nodes.inFlight.get(second) < nodes.inFlight.get(first) ? second : first);
    }

    @Override
    public void finished(String node) {
        nodes.finished(node);
    }

    @Override
    public List<NodeCount> counts() {
        return nodes.counts();
    }

    /** SplitMix64's finaliser (as in java.util.SplittableRandom): every bit of the input stirs every bit of the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
