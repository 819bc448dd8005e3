package org.birthofds.bank.balancer;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Each node in turn. Fair in count and blind to everything else: a node that is slow, or stuck
 * behind a long request, still gets its turn, which is why chapter 4 measures it against
 * {@link LeastOutstanding}. One atomic ticket per request makes the turns exact under any
 * concurrency: K·N requests give every node exactly K.
 *
 * <p>A node out of service is stepped over, and the ticket moves past it, so the nodes left
 * share its turns evenly: with B out of A, B, C the turns go A, C, A, C, not A, C, C, A, C, C.
 */
final class RoundRobin implements Policy {
    private final Nodes nodes;
    private final AtomicLong ticket = new AtomicLong();

    RoundRobin(List<String> nodes) {
        this.nodes = new Nodes(nodes);
    }

    @Override
    public Optional<String> pick(Predicate<String> eligible) {
        int size = nodes.names.size();
        while (true) {
            long turn = ticket.get();
            int step = 0;
            // A long will not wrap in the life of any bank, so floorMod is only for the principle.
            while (step < size && !eligible.test(nodes.names.get((int) Math.floorMod(turn + step, (long) size)))) {
                step++;
            }
            if (step == size) {
                return Optional.empty();
            }
            // Taking the turn and the skipped ones in one step keeps the turns exact when threads race.
            if (ticket.compareAndSet(turn, turn + step + 1)) {
                return Optional.of(nodes.sentTo((int) Math.floorMod(turn + step, (long) size)));
            }
        }
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
