package org.birthofds.bank.balancer;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How a load balancer chooses the node for the next request, with the HTTP left out so the
 * choice itself can be tested. The caller picks, sends, and reports the end of every request
 * (answered, failed or timed out alike) with {@link #finished}, or the node looks busy forever.
 * Every policy is safe to call from many request threads at once.
 *
 * <p>Chapter 5: a policy chooses only among the nodes the caller accepts, those in service
 * ({@link Health}) and, for a retry, not yet tried for this request.
 */
public interface Policy {
    /**
     * The node for the next request, among those {@code eligible} accepts; it now counts as one more
     * request in flight there. Empty when it accepts none.
     */
    Optional<String> pick(Predicate<String> eligible);

    /** Chapter 4's pick: every node will do. */
    default String pick() {
        return pick(node -> true).orElseThrow();
    }

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
