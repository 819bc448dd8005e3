package org.birthofds.bank.simulation;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.birthofds.bank.Account;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.simulation.LogicNode.Answer;
import org.birthofds.bank.simulation.Observer.Completion;
import org.birthofds.bank.simulation.Operation.Kind;

/**
 * A simulated bank client: one operation at a time, sent through the balancer to a logic node.
 * Half its writes carry an Idempotency-Key, and one of those whose outcome is unknown (a timeout,
 * a 503) is sent again under the same key, as the API tells a careful client to; the other half
 * are left unknown, and the history must allow for both.
 * The balancer's rule is chapter 4's, with chapter 4's weak spot fixed: a client keeps to its
 * logic node while it answers, and one that goes silent is passed over for the next. With no
 * answer before its timeout the operation's outcome is unknown (it may still happen). The probe,
 * run once every fault has healed, reads each balance, writes once and then reads everything: the
 * liveness check and the history's final read.
 */
final class Client {
    private static final int MAX_ATTEMPTS = 6;

    final String name;
    private final Simulator sim;
    private final Random random;
    private final boolean probe;
    private String target;
    private Operation op;
    private long call;
    private String key;
    private long askId = -1;
    private int attempts;
    private boolean mayHaveHappened;
    private long sequence;
    private int probeStep; // first a read of each balance, then a write, then a read of everything
    boolean done;

    Client(String name, Simulator sim, Random random, boolean probe, String logicNode) {
        this.name = name;
        this.sim = sim;
        this.random = random;
        this.probe = probe;
        this.target = logicNode;
    }

    void next() {
        if (!probe && sim.now() >= sim.loadEnd()) {
            done = true;
            return;
        }
        op = probe ? probeOperation() : pick();
        call = sim.invoke(name, op);
        sequence++;
        key = !op.isRead() && random.nextBoolean() ? name + "#" + sequence : null;
        attempts = 0;
        mayHaveHappened = false;
        send();
    }

    void onAnswer(Answer answer) {
        if (answer.id() != askId || done) {
            return; // an earlier attempt's answer
        }
        askId = -1;
        Response response = answer.response();
        if (response.ok()) {
            complete(Completion.OK, op.isRead() ? balances(response) : null);
        } else if (response.status() < 500) { // refused: nothing happened (unless an earlier try may have)
            complete(mayHaveHappened ? Completion.UNKNOWN : Completion.FAIL, null);
        } else if (op.isRead()) { // unavailable: another logic node may do better
            if (++attempts >= MAX_ATTEMPTS) {
                complete(Completion.FAIL, null);
            } else {
                target = otherThan(target);
                sim.after(10 + random.nextInt(20), this::send);
            }
        } else {
            mayHaveHappened = true; // a 503 to a write: it may or may not have happened
            retryOrGiveUp();
        }
    }

    private Map<String, Long> balances(Response response) {
        Map<String, Long> balances = new TreeMap<>();
        if (op.kind() == Kind.READ_ONE) {
            Bodies.Account account = Bodies.read(response.body(), Bodies.Account.class);
            balances.put(account.id(), account.balance());
        } else {
            Bodies.read(response.body(), Bodies.AccountList.class).accounts().forEach(a -> balances.put(a.id(), a.balance()));
        }
        return balances;
    }

    private void timedOut(long attempt) {
        if (attempt != askId || done) {
            return;
        }
        askId = -1;
        mayHaveHappened = true;
        target = otherThan(target); // the balancer passes over a node that went silent
        retryOrGiveUp();
    }

    private void retryOrGiveUp() {
        // Never the probe: its next try is a new operation, so the history knows of every attempt.
        boolean retry = key != null && !probe;
        if (retry && ++attempts < MAX_ATTEMPTS) {
            sim.after(1, this::send); // same key: the same request, again
        } else {
            complete(Completion.UNKNOWN, null);
        }
    }

    private void send() {
        askId = sim.ask(this, target, op, name + "#" + sequence, key);
        long attempt = askId;
        sim.after(sim.options().clientTimeoutMillis(), () -> timedOut(attempt));
    }

    private void complete(Completion completion, Map<String, Long> balances) {
        sim.complete(name, call, completion, balances);
        if (probe) {
            if (completion == Completion.OK && ++probeStep == sim.accounts().size() + 2) {
                done = true;
                sim.probed();
                return;
            }
            sim.after(5, this::next);
            return;
        }
        sim.after(random.nextInt(30), this::next);
    }

    /**
     * Reads first, with no write ahead of them: a new leader must serve them on its own no-op (the
     * clients have stopped), and each must see every write acknowledged before. Then a write, then
     * everything: the history's final read.
     */
    private Operation probeOperation() {
        List<String> accounts = sim.accounts();
        if (probeStep < accounts.size()) {
            return new Operation(Kind.READ_ONE, accounts.get(probeStep), null, 0);
        }
        return probeStep == accounts.size() ? new Operation(Kind.DEPOSIT, accounts.get(0), null, 1)
                : new Operation(Kind.READ_ALL, null, null, 0);
    }

    private Operation pick() {
        List<String> accounts = sim.accounts();
        String account = accounts.get(random.nextInt(accounts.size()));
        int roll = random.nextInt(100);
        if (roll < sim.options().readPercent()) {
            return random.nextInt(4) == 0 ? new Operation(Kind.READ_ALL, null, null, 0)
                    : new Operation(Kind.READ_ONE, account, null, 0);
        }
        roll = random.nextInt(100);
        if (roll < 45) {
            return new Operation(Kind.DEPOSIT, account, null, 1 + random.nextInt(100));
        } else if (roll < 75) {
            return new Operation(Kind.WITHDRAW, account, null, 1 + random.nextInt(120));
        }
        String to = accounts.get((accounts.indexOf(account) + 1 + random.nextInt(accounts.size() - 1)) % accounts.size());
        return new Operation(Kind.TRANSFER, account, to, 1 + random.nextInt(80));
    }

    private String otherThan(String node) {
        List<String> ids = sim.logicIds();
        return ids.size() == 1 ? node : ids.get((ids.indexOf(node) + 1 + random.nextInt(ids.size() - 1)) % ids.size());
    }
}
