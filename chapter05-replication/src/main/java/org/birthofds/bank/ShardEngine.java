package org.birthofds.bank;

import org.birthofds.bank.protocol.ShardRequest;
import java.util.function.Function;
import org.birthofds.bank.net.Response;

/**
 * One shard's engine, seen as the requests it serves: each {@link ShardRequest} goes to the one
 * call of chapter 2's {@link Bank}, chapter 4's {@link Transactions}, {@link Intents} and
 * {@link Migrations}, or a freeze, that carries it out, under its Idempotency-Key when it has one.
 * Chapter 4's shard runs it on a worker as each request arrives ({@link BankServer}); chapter 5's
 * replicas run it on every copy as each request is applied from the log ({@link ReplicatedBank}).
 * A refusal is thrown as an {@link ApiError}, as everywhere in the engine.
 */
final class ShardEngine {
    /** The two ways a shard freezes for the consistent read: chapter 4's barrier, chapter 5's log entries. */
    interface Freezing {
        Bodies.Frozen freeze(String id, long leaseMs);

        boolean thaw(String id);
    }

    private final Bank bank;
    private final Idempotency keys;
    private final Transactions transactions;
    private final Intents intents;
    private final Freezing freezes;
    private final Migrations migrations;

    ShardEngine(Bank bank, Idempotency keys, Transactions transactions, Intents intents, Freezing freezes,
                Migrations migrations) {
        this.bank = bank;
        this.keys = keys;
        this.transactions = transactions;
        this.intents = intents;
        this.freezes = freezes;
        this.migrations = migrations;
    }

    /** The request's answer as HTTP would give it: a refusal is an answer too. */
    Response serve(ShardRequest r) {
        try {
            Idempotency.Answer answer = answer(r);
            return new Response(answer.status(), Bodies.write(answer.body()));
        } catch (ApiError refusal) {
            return new Response(refusal.status, Bodies.write(new Bodies.Error(refusal.code, refusal.getMessage())));
        }
    }

    Idempotency.Answer answer(ShardRequest r) {
        return switch (r.verb()) {
            case "open" -> new Idempotency.Answer(201, bank.open(r.read(Bodies.Open.class).id()));
            case "list" -> new Idempotency.Answer(200, bank.accounts());
            case "account" -> new Idempotency.Answer(200, bank.account(r.target()));
            case "deposit" -> change(r, key -> new Idempotency.Answer(200, bank.deposit(r.target(), amount(r), key)));
            case "withdraw" -> change(r, key -> new Idempotency.Answer(200, bank.withdraw(r.target(), amount(r), key)));
            case "transfer" -> {
                Bodies.Transfer t = r.read(Bodies.Transfer.class);
                yield change(r, key -> new Idempotency.Answer(201, bank.transfer(t.from(), t.to(), t.amount(), key)));
            }
            case "prepare" -> prepare(r);
            case "intent" -> new Idempotency.Answer(201, intents.intent(r.target(), r.read(Bodies.Intent.class)));
            case "commit" -> new Idempotency.Answer(200, transactions.commit(r.target()));
            case "abort" -> new Idempotency.Answer(200, transactions.abort(r.target(), r.read(Bodies.Abort.class)));
            case "resolve" -> new Idempotency.Answer(200, intents.resolve(r.target(),
                    r.read(Bodies.Resolve.class).outcome().equals("COMMITTED")));
            case "tx" -> new Idempotency.Answer(200, transactions.state(r.target()));
            case "freeze" -> new Idempotency.Answer(200, freezes.freeze(r.target(), r.read(Bodies.Freeze.class).leaseMs()));
            case "thaw" -> new Idempotency.Answer(200, new Bodies.Thawed(freezes.thaw(r.target())));
            case "install-map" -> new Idempotency.Answer(200, migrations.installMap(r.read(Bodies.ShardList.class)));
            case "export" -> new Idempotency.Answer(200, migrations.export(r.target(), r.read(Bodies.MoveTo.class).toShard()));
            case "import" -> new Idempotency.Answer(201, migrations.importAccount(r.target(), r.read(Bodies.Import.class)));
            case "moved" -> new Idempotency.Answer(200, migrations.moved(r.target(), r.read(Bodies.MoveTo.class).toShard()));
            case "moves" -> new Idempotency.Answer(200, migrations.moves());
            default -> throw new IllegalArgumentException("no shard request is called " + r.verb());
        };
    }

    /** Phase 1 at the payer, under the client's Idempotency-Key when it has one. */
    private Idempotency.Answer prepare(ShardRequest r) {
        Bodies.Prepare p = r.read(Bodies.Prepare.class);
        // The request as a same-shard transfer names it, so a key is reused or repeated the same way on either path.
        Idempotency.Key key = r.key() == null ? null
                : new Idempotency.Key(r.key(), "transfer " + p.from() + " " + p.to() + " " + p.amount());
        return transactions.prepare(r.target(), p, key);
    }

    /** A change, once per Idempotency-Key when the request has one. */
    private Idempotency.Answer change(ShardRequest r, Function<Idempotency.Key, Idempotency.Answer> operation) {
        String request = r.name();
        Idempotency.Key key = r.key() == null ? null : new Idempotency.Key(r.key(), request);
        String crossShard = r.key() == null ? null : transactions.keyedRequest(r.key());
        if (crossShard != null && !crossShard.equals(request)) {
            throw ApiError.keyReused(r.key(), crossShard);
        }
        return key == null ? operation.apply(null) : keys.once(key, () -> operation.apply(key), bank::journal);
    }

    private static long amount(ShardRequest r) {
        return r.read(Bodies.Change.class).amount();
    }
}
