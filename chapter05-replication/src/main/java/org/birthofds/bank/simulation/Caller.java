package org.birthofds.bank.simulation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.Next;
import org.birthofds.bank.protocol.Outcome;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;
import org.birthofds.bank.replication.Effect;

/**
 * A process that calls shard groups: a logic node, or a replica running its group's recovery pass.
 * It drives the bank's own step machines ({@link Steps}: the two-phase transfer, the consistent
 * read, the recovery pass) on the simulator's event queue, as {@code protocol.Caller} drives them
 * on a thread over HTTP: each {@link Next.Call} becomes a {@link ShardCall} to the group's leader,
 * and what came of it goes back into the machine. It keeps the leader it last found per group, and
 * the calls in flight; a crash loses both, and its timers die with it.
 */
class Caller {
    final String id;
    final Simulator sim;
    final Random random;
    private final Map<String, String> leaders = new HashMap<>();
    private final Map<Long, ShardCall> calls = new HashMap<>();
    private boolean up;
    private int incarnation;
    private long counter;

    Caller(String id, Simulator sim, Random random) {
        this.id = id;
        this.sim = sim;
        this.random = random;
    }

    void start() {
        up = true;
        incarnation++;
        leaders.clear();
        calls.clear();
    }

    void stop() {
        up = false;
        calls.clear();
    }

    boolean up() {
        return up;
    }

    int incarnation() {
        return incarnation;
    }

    /** Runs {@code machine} to its answer, which goes to {@code done}; nothing more happens if this process dies. */
    void drive(Steps machine, Consumer<Response> done) {
        step(machine, machine.start(), done);
    }

    private void step(Steps machine, Next next, Consumer<Response> done) {
        if (next instanceof Next.Done answer) {
            done.accept(answer.answer());
            return;
        }
        Next.Call call = (Next.Call) next;
        long pause = beforeCall(call);
        if (pause < 0) {
            return; // crashed there by a fault
        }
        Runnable send = () -> new ShardCall(this, call.shard(), call.request(), sim.now() + LogicNode.DEADLINE_MS,
                outcome -> {
                    afterCall(call, outcome);
                    step(machine, machine.on(outcome), done);
                }).start();
        if (pause == 0) {
            send.run();
        } else {
            after(pause, send);
        }
    }

    /** A fault's hook before a call leaves: how long to stall first, or -1 if this process was crashed there. */
    long beforeCall(Next.Call call) {
        return 0;
    }

    /** A fault's hook once a call is answered. */
    void afterCall(Next.Call call, Outcome outcome) {
    }

    void onReply(Effect.Reply reply) {
        ShardCall call = up ? calls.remove(reply.requestId()) : null;
        if (call != null) {
            call.onReply(reply);
        }
    }

    long send(ShardCall call, String replica, ShardRequest request) {
        long requestId = sim.request(this, replica, request);
        calls.put(requestId, call);
        return requestId;
    }

    /** Runs {@code action} later, unless this process has crashed meanwhile: a dead process's timers die with it. */
    void after(long delay, Runnable action) {
        int life = incarnation;
        sim.after(delay, () -> {
            if (up && incarnation == life) {
                action.run();
            }
        });
    }

    String leaderOf(String group) {
        String known = leaders.get(group);
        if (known != null) {
            return known;
        }
        List<String> members = sim.members(group);
        return members.get(random.nextInt(members.size()));
    }

    void learnLeader(String group, String replica) {
        leaders.put(group, replica);
    }

    void forgetLeader(String group, String replica) {
        leaders.remove(group, replica);
    }

    /** A name no other process, nor this one in another life, will give: for transactions and freezes. */
    String freshName(String prefix) {
        return prefix + "-" + id + "-" + incarnation + "-" + (++counter);
    }
}
