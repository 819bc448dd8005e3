package org.birthofds.bank.simulation;

import java.util.List;
import java.util.function.Consumer;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.protocol.Outcome;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.replication.Effect.Answer;
import org.birthofds.bank.replication.Effect.Reply;

/**
 * One call to a shard group, as {@code net.GroupRemote} makes it over HTTP: to whichever replica
 * leads, following NOT_LEADER redirects, trying another replica when one is silent, and waiting out
 * a freeze (a write answered "frozen" did nothing, so sending it again is safe). A try that gets no
 * answer in time may still apply, so it is sent again only if the request says that is safe
 * ({@link ShardRequest#safeToRepeat}: the retry rule, in one place). Past the deadline the call is
 * lost: it may have happened if any try may have.
 */
final class ShardCall {
    private static final long FROZEN_RETRY_MS = 20;

    private final Caller caller;
    private final String group;
    private final ShardRequest request;
    private final long deadline;
    private final Consumer<Outcome> then;
    private String target;
    private long requestId = -1;
    private boolean mayHaveHappened;
    private boolean done;

    ShardCall(Caller caller, String group, ShardRequest request, long deadline, Consumer<Outcome> then) {
        this.caller = caller;
        this.group = group;
        this.request = request;
        this.deadline = deadline;
        this.then = then;
    }

    void start() {
        target = caller.leaderOf(group);
        send();
    }

    void onReply(Reply reply) {
        if (reply.requestId() != requestId || done) {
            return;
        }
        requestId = -1;
        if (reply.answer() == Answer.OK) {
            caller.learnLeader(group, target);
            Response answer = ReplicatedBank.response(reply.body());
            if (answer == null) { // frozen by a consistent read: nothing was done
                caller.after(FROZEN_RETRY_MS, this::send);
            } else {
                finish(Outcome.of(answer));
            }
        } else if (reply.answer() == Answer.UNKNOWN) {
            mayHaveHappened = true; // in the old leader's log: it may still commit under the next one
            caller.forgetLeader(group, target);
            retryOrGiveUp();
        } else {
            caller.forgetLeader(group, target);
            boolean hinted = !reply.body().isEmpty();
            target = hinted ? reply.body() : otherThan(target);
            caller.after(hinted ? 1 : 10 + caller.random.nextInt(20), this::send);
        }
    }

    private void send() {
        if (done) {
            return;
        }
        long left = deadline - caller.sim.now();
        if (left <= 0) {
            finish(Outcome.lost(new Unreachable(group + " gave no answer in time", true, !mayHaveHappened)));
            return;
        }
        requestId = caller.send(this, target, request);
        long attempt = requestId;
        caller.after(Math.min(left, caller.sim.options().callTimeoutMillis()), () -> timedOut(attempt));
    }

    private void timedOut(long attempt) {
        if (attempt != requestId || done) {
            return;
        }
        requestId = -1;
        mayHaveHappened |= !request.isRead();
        caller.forgetLeader(group, target);
        target = otherThan(target);
        retryOrGiveUp();
    }

    private void retryOrGiveUp() {
        if (request.safeToRepeat()) {
            caller.after(1, this::send);
        } else {
            finish(Outcome.lost(new Unreachable(group + " did not answer " + request.verb() + "; it may or may not"
                    + " have happened", true, false)));
        }
    }

    private void finish(Outcome outcome) {
        done = true;
        then.accept(outcome);
    }

    private String otherThan(String replica) {
        List<String> ids = caller.sim.members(group);
        return ids.get((ids.indexOf(replica) + 1 + caller.random.nextInt(ids.size() - 1)) % ids.size());
    }
}
