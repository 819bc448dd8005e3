package org.birthofds.bank.simulation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.birthofds.bank.ledger.Command;
import org.birthofds.bank.replication.Effect;

/**
 * One simulated logic node: chapter 3's stateless tier with chapter 4's rules. It takes a
 * client's operation, finds the account's group by the ring, and sends to that group's leader as
 * far as it knows ({@link ShardCall}); a transfer between two groups it coordinates by two-phase
 * commit ({@link Coordinator}), a read-all it makes one moment by freezing every group in order
 * ({@link Snapshot}), and on a timer it settles what dead coordinators left ({@link RecoveryPass}).
 * It keeps nothing a crash could lose but the operations in flight, whose clients then time out.
 */
final class LogicNode {
    /** How long an operation may take here before its client is told; under the client's own timeout. */
    static final long DEADLINE_MS = 700;
    static final int RECOVERY_EVERY_MS = 500;

    /** OK: done (or refused, by the body); UNKNOWN: may have happened; UNAVAILABLE: did not, like a 503 before anything. */
    enum Outcome { OK, REFUSED, UNKNOWN, UNAVAILABLE }

    /** A client's operation, under its request tag ("c1#5"). */
    record Ask(long id, String client, Operation op, String tag) {
    }

    record Answer(long id, Outcome outcome, String body) {
    }

    final String id;
    final Simulator sim;
    final Random random;
    private final Map<String, String> leaders = new HashMap<>();
    private final Map<Long, ShardCall> calls = new HashMap<>();
    private boolean up;
    private int incarnation;
    private long counter;

    LogicNode(String id, Simulator sim, Random random) {
        this.id = id;
        this.sim = sim;
        this.random = random;
    }

    void start(long phase) {
        up = true;
        incarnation++;
        leaders.clear();
        calls.clear();
        RecoveryPass pass = new RecoveryPass(this);
        after(phase, pass::run);
    }

    void crash() {
        if (up) {
            up = false;
            calls.clear();
            sim.log(id, "crashed");
        }
    }

    void restart() {
        if (!up) {
            start(random.nextInt(RECOVERY_EVERY_MS));
            sim.log(id, "restarted (incarnation " + incarnation + ")");
        }
    }

    void onAsk(Ask ask) {
        if (!up) {
            return;
        }
        Operation op = ask.op();
        long deadline = sim.now() + DEADLINE_MS;
        switch (op.kind()) {
            case DEPOSIT, WITHDRAW -> write(ask, groupOf(op.account()), op.kind().name().toLowerCase(), op.account(), op.amount());
            case TRANSFER -> {
                String payer = groupOf(op.account());
                String payee = groupOf(op.to());
                if (payer.equals(payee)) {
                    write(ask, payer, "transfer", op.account(), op.to(), op.amount()); // chapter 3's path: one entry
                } else {
                    new Coordinator(this, ask, payer, payee, deadline).start();
                }
            }
            case READ_ONE -> call(groupOf(op.account()), "balance " + op.account(), true, true, deadline,
                    r -> answer(ask, r.outcome(), r.body()));
            case READ_ALL -> {
                if (sim.groupIds().size() == 1) {
                    call(sim.groupIds().get(0), "all", true, true, deadline, r -> answer(ask, r.outcome(), r.body()));
                } else {
                    new Snapshot(this, ask, deadline).start();
                }
            }
        }
    }

    void onReply(Effect.Reply reply) {
        ShardCall call = up ? calls.remove(reply.requestId()) : null;
        if (call != null) {
            call.onReply(reply);
        }
    }

    /** A client's write in one group: not idempotent (see exercise 5.3), so a timeout makes it unknown. */
    private void write(Ask ask, String group, String verb, Object... args) {
        String text = Command.of(ask.tag(), sim.now(), verb, args).text();
        call(group, text, false, false, sim.now() + DEADLINE_MS, r -> {
            boolean refused = r.outcome() == Outcome.OK && r.body().startsWith("refused");
            answer(ask, refused ? Outcome.REFUSED : r.outcome(), r.body());
        });
    }

    void call(String group, String text, boolean read, boolean idempotent, long deadline, Consumer<ShardCall.Result> then) {
        new ShardCall(this, group, text, read, idempotent, deadline, then).start();
    }

    void answer(Ask ask, Outcome outcome, String body) {
        if (up) {
            sim.transmit(id, ask.client(), new Answer(ask.id(), outcome, body));
        }
    }

    long send(ShardCall call, String replica, boolean read, String text) {
        long requestId = sim.request(this, replica, read, text);
        calls.put(requestId, call);
        return requestId;
    }

    /** Runs {@code action} later, unless this node has crashed meanwhile: a dead node's timers die with it. */
    void after(long delay, Runnable action) {
        int life = incarnation;
        sim.after(delay, () -> {
            if (up && incarnation == life) {
                action.run();
            }
        });
    }

    String groupOf(String account) {
        return sim.ring().shardFor(account);
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

    /** A name no other logic node, nor this one in another life, will give: for freezes. */
    String freshName(String prefix) {
        return prefix + "-" + id + "-" + incarnation + "-" + (++counter);
    }
}
