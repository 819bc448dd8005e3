package org.birthofds.bank.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.replication.Entry;

/**
 * Chapter 4's two-phase commit, checked online across groups from the bank's own requests that every
 * replica applies and what its engine answered:
 * <ul>
 * <li>a transfer is decided once: no replica commits a record that another aborted (the log
 *     orders a late commit and a recovery pass's abort, so one of them must be refused);
 * <li>the payee moves only after the payer's decision: an intent is applied only once its record
 *     is COMMITTED, dropped only once it is ABORTED.
 * </ul>
 * It also keeps each transfer's story (prepared, decided, settled, in virtual time), which the
 * failure-mode tests read to see that a transfer was settled, and when.
 */
public final class TwoPhaseCheck {
    private static final int MAX_PROBLEMS = 20;

    /** One transfer as the groups saw it; times -1 until it happens. */
    public static final class Story {
        public final String tx;
        public long prepared = -1;
        public String decision;
        public long decided = -1;
        public long intended = -1;
        public String settlement;
        public long settled = -1;
        public int refusedDecisions; // a commit or an abort that came second in the log, and was refused

        public Story(String tx) {
            this.tx = tx;
        }

        @Override
        public String toString() {
            return tx + ": prepared t=" + prepared + ", " + (decision == null ? "undecided" : decision + " t=" + decided)
                    + ", intent " + (intended < 0 ? "never written" : settlement == null ? "PENDING" : settlement + " t=" + settled);
        }
    }

    private final Map<String, Story> stories = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Long> seen = new HashMap<>(); // per group, the highest index already read

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public Story story(String tx) {
        return stories.get(tx);
    }

    /** One entry a replica applied, and its answer: the bank's own requests and answers, read as the shard's API. */
    public void applied(String group, String node, Entry entry, String result, long time) {
        // Each index once, where it is first applied: every replica applies the same entry with the same
        // answer (RaftCheck's State Machine Safety sees to that), so reading the others again tells nothing.
        if (!entry.isCommand() || entry.index() <= seen.getOrDefault(group, 0L)) {
            return;
        }
        seen.put(group, entry.index());
        ShardRequest request = ShardRequest.Stamped.decode(entry.command()).request();
        Response answer = ReplicatedBank.response(result);
        if (answer == null) {
            return; // frozen: nothing was done
        }
        if (answer.status() == 500) { // the engine broke on an entry: a guard tripped that a bug had let come so far
            problem(node + " answered " + answer.status() + " to " + request.name() + " at t=" + time + "ms: "
                    + answer.body());
        }
        if (request instanceof ShardRequest.Prepare && answer.status() == 201) {
            Bodies.TxState record = Bodies.read(answer.body(), Bodies.TxState.class); // under a key, maybe an earlier tx
            if (record.state().equals("PENDING") && first(record.tx()).prepared < 0) {
                first(record.tx()).prepared = time;
            }
        } else if (request instanceof ShardRequest.Commit commit) {
            decide(node, commit.tx(), answer, "COMMITTED", time);
        } else if (request instanceof ShardRequest.Abort abort) {
            decide(node, abort.tx(), answer, "ABORTED", time);
        } else if (request instanceof ShardRequest.Intent intent && answer.status() == 201 && first(intent.tx()).intended < 0
                && Bodies.read(answer.body(), Bodies.IntentState.class).state().equals("PENDING")) {
            first(intent.tx()).intended = time;
        } else if (request instanceof ShardRequest.Resolve resolve && answer.ok()) {
            String state = Bodies.read(answer.body(), Bodies.IntentState.class).state();
            if (state.equals("APPLIED")) {
                settle(node, resolve.tx(), "APPLIED", "COMMITTED", time);
            } else if (state.equals("DROPPED") && first(resolve.tx()).intended >= 0) {
                settle(node, resolve.tx(), "DROPPED", "ABORTED", time);
            }
        }
    }

    private void decide(String node, String tx, Response answer, String state, long time) {
        Story story = first(tx);
        if (answer.status() == 409) {
            story.refusedDecisions++; // a commit or an abort that came second in the log
        }
        if (answer.status() != 200 || !Bodies.read(answer.body(), Bodies.TxState.class).state().equals(state)) {
            return;
        }
        if (story.decision == null) {
            story.decision = state;
            story.decided = time;
        } else if (!story.decision.equals(state)) {
            problem(tx + " decided twice: " + story.decision + " at t=" + story.decided + "ms, then " + node + " "
                    + state + " at t=" + time + "ms");
        }
    }

    private void settle(String node, String tx, String state, String needed, long time) {
        Story story = first(tx);
        if (!needed.equals(story.decision)) {
            problem(node + " " + state + " the intent of " + tx + " at t=" + time + "ms, but its record was "
                    + (story.decision == null ? "undecided" : story.decision) + ": the payee moved before the payer's decision");
        }
        if (story.settlement == null) {
            story.settlement = state;
            story.settled = time;
        }
    }

    private Story first(String tx) {
        return stories.computeIfAbsent(tx, Story::new);
    }

    private void problem(String what) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(what);
        }
    }
}
