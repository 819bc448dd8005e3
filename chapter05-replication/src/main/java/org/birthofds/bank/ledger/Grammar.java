package org.birthofds.bank.ledger;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a ledger understands, checked before a command enters the log. In the simulator every
 * command is written by the simulator's own logic nodes; over HTTP anyone may send one, and a
 * command that the ledger cannot apply would stop every replica at the same log position, for
 * good, because each must apply the log in order. So a request is refused at the door instead.
 */
public final class Grammar {
    /** Each verb and how many arguments it takes (apply: its freeze, or none). */
    private static final Map<String, List<Integer>> ARITY = Map.ofEntries(
            Map.entry("deposit", List.of(2)), Map.entry("withdraw", List.of(2)), Map.entry("transfer", List.of(3)),
            Map.entry("prepare", List.of(4)), Map.entry("commit", List.of(0)), Map.entry("abort", List.of(0)),
            Map.entry("intent", List.of(3)), Map.entry("apply", List.of(0, 1)), Map.entry("drop", List.of(0)),
            Map.entry("freeze", List.of(1)), Map.entry("thaw", List.of(0)));

    private final Set<String> accounts;

    public Grammar(List<String> accounts) {
        this.accounts = Collections.unmodifiableSortedSet(new TreeSet<>(accounts)); // sorted: named in refusals
    }

    /** Null if {@code text} is a command the ledger can apply, else what is wrong with it. */
    public String commandError(String text) {
        if (text == null || !text.matches("[!-~]+( [!-~]+){2,}")) {
            return "a command is \"TAG TIME VERB ARGS...\": printable words separated by single spaces";
        }
        String[] words = text.split(" ");
        if (!words[1].matches("\\d{1,18}")) {
            return "the command's TIME must be a whole number, not " + words[1];
        }
        Command c = Command.parse(text);
        List<Integer> arity = ARITY.get(c.verb());
        if (arity == null) {
            return "unknown verb " + c.verb() + "; known: " + ARITY.keySet();
        }
        if (!arity.contains(c.args().size())) {
            return c.verb() + " takes " + arity + " argument(s), not " + c.args().size();
        }
        return switch (c.verb()) {
            case "deposit", "withdraw" -> account(c.arg(0), amount(c.arg(1)));
            case "transfer" -> account(c.arg(0), account(c.arg(1), amount(c.arg(2))));
            case "prepare" -> account(c.arg(0), amount(c.arg(3)));
            case "intent" -> account(c.arg(0), amount(c.arg(1)));
            case "freeze" -> amount(c.arg(0));
            default -> null;
        };
    }

    /** Null if {@code query} is one the ledger can answer, else what is wrong with it. */
    public String queryError(String query) {
        String[] words = query == null ? new String[0] : query.split(" ", -1);
        if (words.length == 1 && words[0].equals("all")) {
            return null;
        }
        if (words.length == 2 && words[0].equals("balance")) {
            return account(words[1], null);
        }
        if (words.length == 2 && words[0].equals("tx") && !words[1].isEmpty()) {
            return null;
        }
        if (words.length == 2 && words[0].equals("doubt")) {
            return amount(words[1]);
        }
        return "a query is \"all\", \"balance ACCOUNT\", \"tx TX\" or \"doubt BEFORE\"";
    }

    private String account(String id, String otherwise) {
        return accounts.contains(id) ? otherwise : "no account " + id + " in this group; it holds " + accounts;
    }

    private static String amount(String number) {
        return number.matches("\\d{1,15}") ? null : "an amount is a whole number of cents, not " + number;
    }
}
