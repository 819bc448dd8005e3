package org.birthofds.bank.balancer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** The counters both policies keep per node; atomic so request threads never wait on each other to count. */
final class Nodes {
    final List<String> names;
    final AtomicLongArray sent;
    final AtomicLongArray inFlight;
    private final Map<String, Integer> index = new HashMap<>();

    Nodes(List<String> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("A balancer needs at least one node.");
        }
        this.names = List.copyOf(nodes);
        for (int i = 0; i < names.size(); i++) {
            if (index.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("Node " + names.get(i) + " is listed twice.");
            }
        }
        this.sent = new AtomicLongArray(names.size());
        this.inFlight = new AtomicLongArray(names.size());
    }

    String sentTo(int i) {
        sent.incrementAndGet(i);
        inFlight.incrementAndGet(i);
        return names.get(i);
    }

    int finished(String node) {
        Integer i = index.get(node);
        if (i == null) {
            throw new IllegalArgumentException("No node " + node + " here; the nodes are " + names + ".");
        }
        // Finishing more than was sent is a caller bug that would make a node look idle for ever.
        if (inFlight.getAndUpdate(i, n -> n > 0 ? n - 1 : n) == 0) {
            throw new IllegalStateException("Node " + node + " has no request in flight to finish.");
        }
        return i;
    }

    List<NodeCount> counts() {
        List<NodeCount> counts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            counts.add(new NodeCount(names.get(i), sent.get(i), inFlight.get(i)));
        }
        return counts;
    }
}
