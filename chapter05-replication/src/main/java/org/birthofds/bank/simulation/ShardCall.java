package org.birthofds.bank.simulation;

import java.util.List;
import java.util.function.Consumer;
import org.birthofds.bank.ledger.Freezes;
import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Effect.Reply;
import org.birthofds.bank.simulation.LogicNode.Outcome;

/**
 * One request from a logic node to a shard group, as chapter 4's Remote made one to a shard, but
 * to whichever replica leads: it follows NOT_LEADER redirects, tries another replica when one is
 * silent, and waits out a freeze ("refused frozen": nothing was done, so trying again is safe).
 * A replica that does not answer in time may still apply the write, so its outcome is unknown:
 * only reads and the two-phase commit's steps, idempotent by transfer id, are sent again then.
 * Past the deadline the call ends UNKNOWN if any try may have happened, else UNAVAILABLE.
 */
final class ShardCall {
    private static final long FROZEN_RETRY_MS = 20;

    /** {@code body}: the ledger's answer when OK. */
    record Result(Outcome outcome, String body) {
    }

    private final LogicNode node;
    private final String group;
    private final String text;
    private final boolean read;
    private final boolean idempotent;
    private final long deadline;
    private final Consumer<Result> then;
    private String target;
    private long requestId = -1;
    private boolean mayHaveHappened;
    private boolean done;

    ShardCall(LogicNode node, String group, String text, boolean read, boolean idempotent, long deadline,
              Consumer<Result> then) {
        this.node = node;
        this.group = group;
        this.text = text;
        this.read = read;
        this.idempotent = idempotent;
        this.deadline = deadline;
        this.then = then;
    }

    void start() {
        target = node.leaderOf(group);
        send();
    }

    void onReply(Reply reply) {
        if (reply.requestId() != requestId || done) {
            return;
        }
        requestId = -1;
        if (reply.answer() == Answer.OK) {
            node.learnLeader(group, target);
            if (!read && reply.body().equals(Freezes.FROZEN)) {
                node.after(FROZEN_RETRY_MS, this::send);
            } else {
                finish(Outcome.OK, reply.body());
            }
        } else if (reply.answer() == Answer.UNKNOWN) {
            mayHaveHappened = true; // in the old leader's log: it may still commit under the next one
            node.forgetLeader(group, target);
            retryOrGiveUp();
        } else {
            node.forgetLeader(group, target);
            boolean hinted = !reply.body().isEmpty();
            target = hinted ? reply.body() : otherThan(target);
            node.after(hinted ? 1 : 10 + node.random.nextInt(20), this::send);
        }
    }

    private void send() {
        if (done) {
            return;
        }
        long left = deadline - node.sim.now();
        if (left <= 0) {
            finish(mayHaveHappened ? Outcome.UNKNOWN : Outcome.UNAVAILABLE, "");
            return;
        }
        requestId = node.send(this, target, read, text);
        long attempt = requestId;
        node.after(Math.min(left, node.sim.options().callTimeoutMillis()), () -> timedOut(attempt));
    }

    private void timedOut(long attempt) {
        if (attempt != requestId || done) {
            return;
        }
        requestId = -1;
        mayHaveHappened |= !read;
        node.forgetLeader(group, target);
        target = otherThan(target);
        retryOrGiveUp();
    }

    private void retryOrGiveUp() {
        if (read || idempotent) {
            node.after(1, this::send);
        } else {
            finish(Outcome.UNKNOWN, ""); // sent again, it could apply twice: exactly-once is exercise 5.3
        }
    }

    private void finish(Outcome outcome, String body) {
        done = true;
        then.accept(new Result(outcome, body));
    }

    private String otherThan(String replica) {
        List<String> ids = node.sim.members(group);
        return ids.get((ids.indexOf(replica) + 1 + node.random.nextInt(ids.size() - 1)) % ids.size());
    }
}
