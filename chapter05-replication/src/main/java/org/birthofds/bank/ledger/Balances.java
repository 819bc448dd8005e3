package org.birthofds.bank.ledger;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One group's accounts, in cents: each balance, and the part of it held by the group's PENDING
 * transfer records (chapter 4's holds). A hold keeps money in the balance, where every read still
 * sees it, while no withdrawal can spend it: the debit itself waits for the decision.
 */
final class Balances {
    private final Map<String, Long> balances = new TreeMap<>();
    private final Map<String, Long> held = new TreeMap<>();

    Balances(List<String> accounts) {
        accounts.forEach(account -> {
            balances.put(account, 0L);
            held.put(account, 0L);
        });
    }

    long balance(String account) {
        return balances.get(known(account));
    }

    long available(String account) {
        return balance(account) - held.get(account);
    }

    void add(String account, long amount) {
        balances.put(account, balance(account) + amount);
    }

    void hold(String account, long amount) {
        held.put(known(account), held.get(account) + amount);
    }

    /** "a=5 c=0": every account of the group, by id. */
    String listing() {
        StringJoiner all = new StringJoiner(" ");
        balances.forEach((account, balance) -> all.add(account + "=" + balance));
        return all.toString();
    }

    /** A misrouted command is a bug in the routing, not a refusal: the ring says where each account is. */
    private String known(String account) {
        if (!balances.containsKey(account)) {
            throw new IllegalStateException("account " + account + " does not live in this group");
        }
        return account;
    }
}
