package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.List;

/** One line per event, "time node what": two runs of one seed must write the same lines. */
final class EventLog {
    private final boolean on;
    private final List<String> lines = new ArrayList<>();

    EventLog(boolean on) {
        this.on = on;
    }

    boolean on() {
        return on;
    }

    void add(long time, String node, String what) {
        if (on) {
            lines.add(String.format("%07d %-6s %s", time, node, what));
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
