package org.birthofds.bank.simulation;

import org.birthofds.bank.ledger.Command;
import org.birthofds.bank.simulation.LogicNode.Outcome;

/**
 * Chapter 4's recovery pass, run by every logic node on a timer: it settles what a dead
 * coordinator left. Each group is asked what has been in doubt longer than
 * {@link #IN_DOUBT_MS}. A PENDING record is aborted in its own group ("abort" only if still
 * PENDING: a commit that got into the log first wins, and this abort is refused), then its
 * payee is told to drop the intent. A PENDING intent asks its record's group, and is applied or
 * dropped as the record says; a record still PENDING is aborted by the pass that finds it.
 * Every step is idempotent, so two logic nodes' passes may race and settle the same transfer.
 * Chapter 4's pass waited for a dead shard to come back: here the record's group answers as long
 * as a majority of it is up.
 */
final class RecoveryPass {
    static final long IN_DOUBT_MS = 1000; // past a coordinator's deadline, and its grace for an abort

    private final LogicNode node;

    RecoveryPass(LogicNode node) {
        this.node = node;
    }

    void run() {
        long now = node.sim.now();
        long deadline = now + LogicNode.RECOVERY_EVERY_MS;
        for (String group : node.sim.groupIds()) {
            node.call(group, "doubt " + (now - IN_DOUBT_MS), true, true, deadline, r -> {
                if (r.outcome() == Outcome.OK && !r.body().isEmpty()) {
                    for (String item : r.body().split(" ")) {
                        String[] f = item.split(":");
                        if (f[0].equals("record")) {
                            abort(group, f[1], f[2], deadline);
                        } else {
                            settle(group, f[1], f[2], deadline);
                        }
                    }
                }
            });
        }
        node.after(LogicNode.RECOVERY_EVERY_MS, this::run);
    }

    private void abort(String group, String tx, String payee, long deadline) {
        write(group, tx, "abort", deadline, aborted -> {
            if (aborted.equals("ABORTED")) {
                write(payee, tx, "drop", deadline, dropped -> { });
            }
        });
    }

    private void settle(String group, String tx, String recordGroup, long deadline) {
        node.call(recordGroup, "tx " + tx, true, true, deadline, r -> {
            if (r.outcome() == Outcome.OK && r.body().equals("COMMITTED")) {
                write(group, tx, "apply", deadline, applied -> { });
            } else if (r.outcome() == Outcome.OK && r.body().equals("ABORTED")) {
                write(group, tx, "drop", deadline, dropped -> { });
            }
        });
    }

    private void write(String group, String tx, String verb, long deadline, java.util.function.Consumer<String> then) {
        node.call(group, Command.of(tx, node.sim.now(), verb).text(), false, true, deadline, r -> {
            if (r.outcome() == Outcome.OK) {
                then.accept(r.body());
            }
        });
    }
}
