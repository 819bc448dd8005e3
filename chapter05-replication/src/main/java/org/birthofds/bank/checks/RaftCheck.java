package org.birthofds.bank.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Replica;

/**
 * Raft's safety properties (paper, figure 3), checked online as the simulator runs, one instance
 * per shard group (each group is its own Raft cluster, with its own terms and indexes):
 * <ul>
 * <li>Election Safety: at most one leader per term;
 * <li>State Machine Safety: an index is committed with one entry only, on every replica, and
 *     each replica applies exactly the committed entries, in log order, each once per life;
 * <li>Leader Completeness: every new leader's log holds every entry committed before it, so a
 *     committed entry survives any crash, restart and change of leader.
 * </ul>
 */
final class RaftCheck {
    private static final int MAX_PROBLEMS = 20;

    private final Map<Long, String> leaders = new HashMap<>();
    private final Map<Long, Entry> committed = new TreeMap<>();
    private final Map<String, Long> lastApplied = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    List<String> problems() {
        return List.copyOf(problems);
    }

    void becameLeader(Replica replica, long time) {
        long term = replica.status().term();
        String earlier = leaders.putIfAbsent(term, replica.id());
        if (earlier != null && !earlier.equals(replica.id())) {
            problem("two leaders in term " + term + ": " + earlier + " and " + replica.id() + " (t=" + time + "ms)");
        }
        for (Map.Entry<Long, Entry> done : committed.entrySet()) {
            Entry held = replica.entry(done.getKey());
            if (!done.getValue().equals(held)) {
                problem("committed entry lost: " + done.getValue() + " was committed, but " + replica.id()
                        + " became leader of term " + term + " at t=" + time + "ms holding "
                        + (held == null ? "nothing" : held) + " at index " + done.getKey());
                return;
            }
        }
    }

    void committed(String node, Entry entry, long time) {
        Entry earlier = committed.putIfAbsent(entry.index(), entry);
        if (earlier != null && !earlier.equals(entry)) {
            problem("committed entries differ at index " + entry.index() + ": " + earlier + " was committed, and "
                    + node + " committed " + entry + " at t=" + time + "ms (split brain)");
        }
    }

    void applied(String node, int incarnation, Entry entry, long time) {
        String life = node + "#" + incarnation;
        long last = lastApplied.getOrDefault(life, 0L);
        if (entry.index() != last + 1) {
            problem(node + " applied index " + entry.index() + " right after index " + last + " (not in order, or twice)");
        }
        lastApplied.put(life, entry.index());
        Entry decided = committed.get(entry.index());
        if (decided == null) {
            problem(node + " applied " + entry + " at t=" + time + "ms, which nobody committed");
        } else if (!decided.equals(entry)) {
            problem(node + " applied " + entry + " at t=" + time + "ms, but " + decided + " was committed there");
        }
    }

    private void problem(String what) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(what);
        }
    }
}
