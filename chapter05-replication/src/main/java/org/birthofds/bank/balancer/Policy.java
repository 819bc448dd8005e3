package org.birthofds.bank.balancer;

import java.util.List;

/**
 * How a load balancer chooses the node for the next request, with the HTTP left out so the
 * choice itself can be tested. The caller picks, sends, and reports the end of every request
 * (answered, failed or timed out alike) with {@link #finished}, or the node looks busy forever.
 * Every policy is safe to call from many request threads at once.
 */
public interface Policy {
    /** The node for the next request; it now counts as one more request in flight there. */
    String pick();

    /** The request sent to {@code node} is over, whatever its outcome. */
    void finished(String node);

    /** Per node, in the order given to {@link #named}; each counter is exact, though not all read at one instant. */
    List<NodeCount> counts();

    /** The policy a {@code --policy} flag names: {@code round-robin} or {@code least-outstanding}. */
    static Policy named(String name, List<String> nodes) {
        return switch (name) {
            case "round-robin" -> new RoundRobin(nodes);
            case "least-outstanding" -> new LeastOutstanding(nodes);
            default -> throw new IllegalArgumentException(
                    "A balancing policy is round-robin or least-outstanding, not \"" + name + "\".");
        };
    }
}
