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
        if (on) { // "%07d %-6s %s", without String.format's cost: a long run logs a hundred thousand lines
            StringBuilder line = new StringBuilder(16 + what.length());
            String t = Long.toString(time);
            line.append("0000000", 0, Math.max(0, 7 - t.length())).append(t).append(' ').append(node);
            for (int pad = node.length(); pad < 6; pad++) {
                line.append(' ');
            }
            lines.add(line.append(' ').append(what).toString());
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
