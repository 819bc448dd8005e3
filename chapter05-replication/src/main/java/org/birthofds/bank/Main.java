package org.birthofds.bank;

import org.birthofds.bank.node.NodeMain;

/**
 * Chapter 3's data tier: chapter 2's bigger computer, now with one job, keeping the accounts,
 * behind an internal port. Wires the flags and starts the node in the shape every tier shares
 * ({@link NodeMain}); the launcher ({@code tiers.Launcher}) starts it with the two tiers in front.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        NodeMain.run(args, Flags::parse, Flags.USAGE, BankNode::start,
                (flags, node) -> "Data tier listening on " + node.url() + " (" + Tips.storage(flags, node) + ")");
    }
}
