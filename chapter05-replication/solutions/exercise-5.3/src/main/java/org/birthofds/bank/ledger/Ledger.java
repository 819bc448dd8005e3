package org.birthofds.bank.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.birthofds.bank.replication.StateMachine;

/**
 * The bank one shard group replays its log into: the accounts the ring places in this group, and
 * chapter 4's two-phase commit as log entries ({@link Command}: "TAG TIME VERB ARGS"):
 * <ul>
 * <li>a client's request: "deposit A N", "withdraw A N", "transfer A B N" (both accounts here: one
 *     entry, as in chapter 3); answers "ok BALANCE", "ok", "refused insufficient_funds";
 * <li>the payer's record ({@link Transactions}): "prepare FROM TO TOGROUP N", "commit", "abort";
 * <li>the payee's intent ({@link Intents}): "intent TO N RECORDGROUP", "apply [FREEZE]", "drop";
 * <li>the consistent read's freeze ({@link Freezes}): "freeze UNTIL", "thaw".
 * </ul>
 * While frozen, writes answer "refused frozen" and change nothing. Queries: "balance A", "all",
 * "tx TX" (a record's state), "doubt BEFORE" (what a recovery pass should settle).
 *
 * <p>Exercise 5.3: a client's request seen before gets its first answer again and changes nothing.
 * A client has one request open at a time and numbers them in order, so the last tag and answer
 * per client are enough. The table is part of the replicated state: every replica builds the same
 * one from the same log, so whichever leader gets the resend, it answers the same. The two-phase
 * commit's steps need none of it: they were idempotent by transfer id already (chapter 4).
 */
public final class Ledger implements StateMachine {
    private final Balances accounts;
    private final Transactions transactions;
    private final Intents intents;
    private final Freezes freezes = new Freezes();
    private final Map<String, Long> lastRequest = new TreeMap<>();
    private final Map<String, String> lastAnswer = new TreeMap<>();

    public Ledger(List<String> accounts) {
        this.accounts = new Balances(accounts);
        this.transactions = new Transactions(this.accounts);
        this.intents = new Intents(this.accounts);
    }

    @Override
    public String apply(String text) {
        Command c = Command.parse(text);
        boolean request = List.of("deposit", "withdraw", "transfer").contains(c.verb());
        String client = request ? c.tag().substring(0, c.tag().indexOf('#')) : null;
        long sequence = request ? Long.parseLong(c.tag().substring(c.tag().indexOf('#') + 1)) : 0;
        if (request && sequence <= lastRequest.getOrDefault(client, 0L)) {
            return lastAnswer.get(client); // a resend: the first answer, and no second effect
        }
        String refused = freezes.admit(c);
        if (refused != null) {
            return refused; // not remembered: like a 503, nothing was done, and the resend must run
        }
        String answer = switch (c.verb()) {
            case "deposit" -> add(c.arg(0), c.number(1));
            case "withdraw" -> add(c.arg(0), -c.number(1));
            case "transfer" -> transfer(c.arg(0), c.arg(1), c.number(2));
            case "prepare" -> transactions.prepare(c);
            case "commit" -> transactions.commit(c.tag());
            case "abort" -> transactions.abort(c.tag());
            case "intent" -> intents.intent(c);
            case "apply" -> intents.apply(c.tag());
            case "drop" -> intents.drop(c.tag());
            case "freeze" -> freezes.freeze(c, this::frozen);
            case "thaw" -> freezes.thaw(c.tag());
            default -> throw new IllegalArgumentException("unknown command " + text);
        };
        if (request) {
            lastRequest.put(client, sequence);
            lastAnswer.put(client, answer);
        }
        return answer;
    }

    @Override
    public String read(String query) {
        String[] words = query.split(" ");
        return switch (words[0]) {
            case "all" -> accounts.listing();
            case "balance" -> words[1] + "=" + accounts.balance(words[1]);
            case "tx" -> transactions.state(words[1]);
            case "doubt" -> {
                StringJoiner out = new StringJoiner(" ");
                transactions.inDoubt(Long.parseLong(words[1]), out);
                intents.inDoubt(Long.parseLong(words[1]), out);
                yield out.toString();
            }
            default -> throw new IllegalArgumentException("unknown query " + query);
        };
    }

    /** PENDING records and intents: none may be left once the bank is quiet and healed. */
    public long unsettled() {
        return transactions.pending() + intents.pending();
    }

    /** What a query's answer says, account by account ("a=5 c=0"). */
    public static Map<String, Long> parse(String answer) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (String pair : answer.split(" ")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                result.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return result;
    }

    /** A frozen group's one moment: its balances, then "|" and its PENDING intents. */
    private String frozen() {
        StringJoiner pending = new StringJoiner(" ");
        intents.pendingTo(pending);
        return accounts.listing() + " | " + pending;
    }

    private String add(String account, long amount) {
        if (accounts.available(account) + amount < 0) {
            return "refused insufficient_funds"; // held money is promised to a transfer in flight
        }
        accounts.add(account, amount);
        return "ok " + accounts.balance(account);
    }

    private String transfer(String from, String to, long amount) {
        if (accounts.available(from) < amount) {
            return "refused insufficient_funds";
        }
        accounts.add(from, -amount);
        accounts.add(to, amount);
        return "ok";
    }
}
