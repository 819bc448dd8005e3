package org.birthofds.bank.simulation;

import java.util.function.Consumer;
import org.birthofds.bank.ledger.Command;
import org.birthofds.bank.simulation.LogicNode.Ask;
import org.birthofds.bank.simulation.LogicNode.Outcome;

/**
 * A transfer between two groups, chapter 4's two-phase commit with the decision durable before
 * anyone is told, now with every step an entry in a replicated log:
 * <ol>
 * <li>prepare at the payer's group: the transaction record, PENDING, and a hold on the funds;
 * <li>intent at the payee's group: a durable promise to credit, pointing at the record;
 * <li>commit at the payer's group: THE decision, PENDING to COMMITTED and the debit in one entry;
 * <li>apply at the payee's group: the credit; only then is the client told ok, so that a read of
 *     the payee that starts after the answer sees the money.
 * </ol>
 * The coordinator keeps nothing: the record holds the state, so if this logic node dies anywhere
 * in here, a recovery pass settles the transfer, and a repeat under the same request tag (the
 * same transfer id) carries it on. Every step is idempotent by transfer id, so each is sent again
 * until it is answered. Chapter 4's transfer waited in doubt while a shard was down; a group
 * answers as long as a majority of it is up.
 */
final class Coordinator {
    private final LogicNode node;
    private final Ask ask;
    private final String tx;
    private final String payer;
    private final String payee;
    private final long deadline;

    Coordinator(LogicNode node, Ask ask, String payer, String payee, long deadline) {
        this.node = node;
        this.ask = ask;
        this.tx = "x-" + ask.tag().replace('#', '-'); // from the request tag: a resend is the same transfer
        this.payer = payer;
        this.payee = payee;
        this.deadline = deadline;
    }

    void start() {
        Operation op = ask.op();
        step(payer, "prepare", deadline, r -> {
            switch (r.body()) {
                case "PENDING" -> {
                    node.sim.prepared(payer, tx);
                    intent();
                }
                case "COMMITTED" -> apply(); // prepared before, by a coordinator of the same request: carry it on
                case "ABORTED" -> answer(Outcome.REFUSED, "refused aborted");
                default -> answer(Outcome.REFUSED, r.body()); // insufficient funds: nothing was held
            }
        }, op.account(), op.to(), payee, op.amount());
    }

    private void intent() {
        step(payee, "intent", deadline, r -> {
            switch (r.body()) {
                case "PENDING" -> {
                    long pause = node.sim.beforeDecision(node, tx);
                    if (pause == 0) {
                        commit();
                    } else if (pause > 0) {
                        node.after(pause, this::commit);
                    }
                }
                case "APPLIED" -> answer(Outcome.OK, "ok");
                default -> abort(); // DROPPED: a recovery pass gave up on this transfer first
            }
        }, ask.op().to(), ask.op().amount(), payer);
    }

    private void commit() {
        step(payer, "commit", grace(), r -> {
            if (r.body().equals("COMMITTED")) {
                apply();
            } else { // a recovery pass aborted it first: the log ordered its abort before our commit
                drop();
                answer(Outcome.REFUSED, r.body());
            }
        });
    }

    private void apply() {
        step(payee, "apply", grace(), r -> answer(r.body().equals("APPLIED") ? Outcome.OK : Outcome.UNKNOWN, "ok"));
    }

    /** The intent was not confirmed in time: abort at the payer, so that nothing stays held. */
    private void abort() {
        node.call(payer, Command.of(tx, node.sim.now(), "abort").text(), false, true, grace(), r -> {
            if (r.outcome() == Outcome.OK && r.body().equals("ABORTED")) {
                drop();
                answer(Outcome.REFUSED, "refused aborted");
            } else {
                answer(Outcome.UNKNOWN, "");
            }
        });
    }

    /** Best effort: an intent left PENDING is dropped later by a recovery pass, which asks the record. */
    private void drop() {
        node.call(payee, Command.of(tx, node.sim.now(), "drop").text(), false, true, grace(), r -> {
        });
    }

    /**
     * One step, sent until answered or the deadline. Unanswered: before the intent is confirmed the
     * coordinator aborts; after it, the outcome is the record's, in doubt until a recovery pass.
     */
    private void step(String group, String verb, long until, Consumer<ShardCall.Result> then, Object... args) {
        node.call(group, Command.of(tx, node.sim.now(), verb, args).text(), false, true, until, r -> {
            if (r.outcome() == Outcome.OK) {
                then.accept(r);
            } else if (verb.equals("prepare")) {
                answer(r.outcome(), "");
            } else if (verb.equals("intent")) {
                abort();
            } else {
                answer(Outcome.UNKNOWN, "");
            }
        });
    }

    /** Once the intent is confirmed, the decision and the credit may run a little past the deadline, as may an abort. */
    private long grace() {
        return Math.max(deadline, node.sim.now() + node.sim.options().callTimeoutMillis());
    }

    private void answer(Outcome outcome, String body) {
        node.answer(ask, outcome, body);
    }
}
