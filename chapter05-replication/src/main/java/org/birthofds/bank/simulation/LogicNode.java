package org.birthofds.bank.simulation;

import java.util.Random;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.Next;
import org.birthofds.bank.protocol.Outcome;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;
import org.birthofds.bank.twophase.ConsistentRead;
import org.birthofds.bank.twophase.Transfer;

/**
 * One simulated logic node: chapter 3's stateless tier with chapter 4's rules, running the logic
 * tier's own protocols. It finds an account's group by the ring and asks that group; a transfer
 * between two groups is the bank's {@link Transfer}, a read-all the bank's {@link ConsistentRead},
 * each driven here on the event queue. It keeps nothing a crash could lose but the operations in
 * flight, whose clients then time out.
 */
final class LogicNode extends Caller {
    /** How long one call to a group may take, every try included. */
    static final long DEADLINE_MS = 700;
    static final long LEASE_MS = 500;

    /** A client's operation, its {@code tag} ("c2#9": its 9th), and its Idempotency-Key or null. */
    record Ask(long id, String client, Operation op, String tag, String key) {
    }

    record Answer(long id, Response response) {
    }

    LogicNode(String id, Simulator sim, Random random) {
        super(id, sim, random);
    }

    void crash() {
        if (up()) {
            stop();
            sim.log(id, "crashed");
        }
    }

    void restart() {
        if (!up()) {
            start();
            sim.log(id, "restarted (incarnation " + incarnation() + ")");
        }
    }

    void onAsk(Ask ask) {
        if (up()) {
            drive(machineFor(ask), response -> sim.transmit(id, ask.client(), new Answer(ask.id(), response)));
        }
    }

    private Steps machineFor(Ask ask) {
        Operation op = ask.op();
        return switch (op.kind()) {
            case DEPOSIT -> Steps.one(groupOf(op.account()), new ShardRequest.Deposit(op.account(), op.amount(), ask.key()));
            case WITHDRAW -> Steps.one(groupOf(op.account()), new ShardRequest.Withdraw(op.account(), op.amount(), ask.key()));
            case TRANSFER -> new Transfer(new Bodies.Transfer(op.account(), op.to(), op.amount()), ask.key(),
                    "x-" + ask.tag().replace('#', '-') + freshName(""), groupOf(op.account()), groupOf(op.to()));
            case READ_ONE -> Steps.one(groupOf(op.account()), new ShardRequest.Balance(op.account()));
            case READ_ALL -> new ConsistentRead(sim.groupIds(), ConsistentRead.Mode.CONSISTENT,
                    freshName("f"), LEASE_MS);
        };
    }

    /** The coordinator's fault hook: it may be crashed or stalled holding the record and the intent, before the decision. */
    @Override
    long beforeCall(Next.Call call) {
        return call.request() instanceof ShardRequest.Commit commit ? sim.faults().beforeDecision(this, commit.tx()) : 0;
    }

    @Override
    void afterCall(Next.Call call, Outcome outcome) {
        if (call.request() instanceof ShardRequest.Prepare prepare && outcome.status() == 201
                && outcome.read(Bodies.TxState.class).state().equals("PENDING")) {
            sim.faults().prepared(call.shard(), prepare.tx());
        }
    }

    String groupOf(String account) {
        return sim.ring().shardFor(account);
    }
}
