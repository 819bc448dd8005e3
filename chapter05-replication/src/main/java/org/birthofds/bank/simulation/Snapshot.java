package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.birthofds.bank.ledger.Command;
import org.birthofds.bank.ledger.Ledger;
import org.birthofds.bank.simulation.LogicNode.Ask;
import org.birthofds.bank.simulation.LogicNode.Outcome;

/**
 * A read-all across groups that is one moment of the whole bank: chapter 4's consistent read,
 * with each step an entry in the group's log. Freeze every group, in group order (the one global
 * order: two readers never each hold a group the other waits for); each freeze answers its
 * group's balances and PENDING intents. While all are frozen, ask each intent's record group for
 * its fate, and apply the COMMITTED ones under this freeze (the payer was debited, the credit was
 * on its way: counting it keeps the total whole, applying it keeps a later read of the payee
 * from seeing less). Then thaw them all; only if every freeze held to its thaw, and none lapsed
 * by its lease, is the answer one moment. Otherwise the read fails, and changed nothing.
 */
final class Snapshot {
    static final long LEASE_MS = 500;

    private record Pending(String tx, String to, long amount, String recordGroup) {
    }

    private final LogicNode node;
    private final Ask ask;
    private final long deadline;
    private final String freeze;
    private final List<String> groups;
    private final Map<String, Long> balances = new TreeMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private boolean failed;

    Snapshot(LogicNode node, Ask ask, long deadline) {
        this.node = node;
        this.ask = ask;
        this.deadline = deadline;
        this.freeze = node.freshName("f");
        this.groups = node.sim.groupIds();
    }

    void start() {
        freeze(0);
    }

    private void freeze(int i) {
        if (i == groups.size()) {
            settle(0);
            return;
        }
        String text = Command.of(freeze, node.sim.now(), "freeze", node.sim.now() + LEASE_MS).text();
        node.call(groups.get(i), text, false, true, deadline, r -> {
            if (r.outcome() != Outcome.OK || !r.body().startsWith("frozen ")) {
                fail(i + 1);
                return;
            }
            String[] parts = r.body().substring("frozen ".length()).split(" \\| ?", -1);
            balances.putAll(Ledger.parse(parts[0]));
            for (String intent : parts[1].isEmpty() ? new String[0] : parts[1].split(" ")) {
                String[] f = intent.split(":");
                pending.add(new Pending(f[0], f[1], Long.parseLong(f[2]), f[3]));
            }
            freeze(i + 1);
        });
    }

    /** Everything is frozen: no record can change its state, and no intent be settled but by us. */
    private void settle(int i) {
        if (i == pending.size()) {
            thaw(groups.size());
            return;
        }
        Pending p = pending.get(i);
        node.call(p.recordGroup(), "tx " + p.tx(), true, true, deadline, r -> {
            if (r.outcome() != Outcome.OK) {
                fail(groups.size());
            } else if (!r.body().equals("COMMITTED")) {
                settle(i + 1); // PENDING: the payer still holds the money, and its listing shows it there
            } else {
                String text = Command.of(p.tx(), node.sim.now(), "apply", freeze).text();
                node.call(groupOf(p.to()), text, false, true, deadline, applied -> {
                    if (applied.outcome() == Outcome.OK && applied.body().equals("APPLIED")) {
                        balances.merge(p.to(), p.amount(), Long::sum);
                        settle(i + 1);
                    } else {
                        fail(groups.size());
                    }
                });
            }
        });
    }

    private void fail(int tried) {
        failed = true;
        thaw(tried);
    }

    /** Thaws the first {@code count} groups, each until answered (or its lease ends it); answers once all have. */
    private void thaw(int count) {
        boolean[] held = {true};
        int[] left = {count};
        if (count == 0) {
            finish(false);
            return;
        }
        for (int i = 0; i < count; i++) {
            node.call(groups.get(i), Command.of(freeze, node.sim.now(), "thaw").text(), false, true,
                    Math.max(deadline, node.sim.now() + LEASE_MS), r -> {
                        held[0] &= r.outcome() == Outcome.OK && r.body().equals("thawed");
                        if (--left[0] == 0) {
                            finish(held[0]);
                        }
                    });
        }
    }

    private void finish(boolean allHeld) {
        if (failed || !allHeld) {
            node.answer(ask, Outcome.UNAVAILABLE, "");
            return;
        }
        StringJoiner listing = new StringJoiner(" ");
        balances.forEach((account, balance) -> listing.add(account + "=" + balance));
        node.answer(ask, Outcome.OK, listing.toString());
    }

    private String groupOf(String account) {
        return node.groupOf(account);
    }
}
