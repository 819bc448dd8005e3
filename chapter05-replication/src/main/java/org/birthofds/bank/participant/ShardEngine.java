package org.birthofds.bank.participant;

import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bank;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.data.Idempotency;
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
public final class ShardEngine {
    /** The two ways a shard freezes for the consistent read: chapter 4's barrier, chapter 5's log entries. */
    public interface Freezing {
        Bodies.Frozen freeze(String id, long leaseMs);

        boolean thaw(String id);

        /** Whether {@code id} is the freeze in force now. */
        boolean holds(String id);
    }

    private final Bank bank;
    private final Idempotency keys;
    private final Transactions transactions;
    private final Intents intents;
    private final Freezing freezes;
    private final Migrations migrations;

    public ShardEngine(Bank bank, Idempotency keys, Transactions transactions, Intents intents, Freezing freezes,
                Migrations migrations) {
        this.bank = bank;
        this.keys = keys;
        this.transactions = transactions;
        this.intents = intents;
        this.freezes = freezes;
        this.migrations = migrations;
    }

    /** The request's answer as HTTP would give it: a refusal is an answer too. */
    public Response serve(ShardRequest r) {
        try {
            Idempotency.Answer answer = answer(r);
            return new Response(answer.status(), Bodies.write(answer.body()));
        } catch (ApiError refusal) {
            return new Response(refusal.status, Bodies.write(new Bodies.Error(refusal.code, refusal.getMessage())));
        }
    }

    public Idempotency.Answer answer(ShardRequest r) {
        if (r instanceof ShardRequest.Open o) {
            return new Idempotency.Answer(201, bank.open(o.id()));
        } else if (r instanceof ShardRequest.ListAll) {
            return new Idempotency.Answer(200, bank.accounts());
        } else if (r instanceof ShardRequest.Balance b) {
            return new Idempotency.Answer(200, bank.account(b.id()));
        } else if (r instanceof ShardRequest.Deposit d) {
            return change(r, d.key(), key -> new Idempotency.Answer(200, bank.deposit(d.id(), d.amount(), key)));
        } else if (r instanceof ShardRequest.Withdraw w) {
            return change(r, w.key(), key -> new Idempotency.Answer(200, bank.withdraw(w.id(), w.amount(), key)));
        } else if (r instanceof ShardRequest.Transfer t) {
            return change(r, t.key(), key -> new Idempotency.Answer(201, bank.transfer(t.from(), t.to(), t.amount(), key)));
        } else if (r instanceof ShardRequest.Prepare p) {
            return prepare(p);
        } else if (r instanceof ShardRequest.Intent i) {
            return new Idempotency.Answer(201, intents.intent(i.tx(), i.intent()));
        } else if (r instanceof ShardRequest.Commit c) {
            return new Idempotency.Answer(200, transactions.commit(c.tx()));
        } else if (r instanceof ShardRequest.Abort a) {
            return new Idempotency.Answer(200, transactions.abort(a.tx(), a.why()));
        } else if (r instanceof ShardRequest.Resolve v && v.committed() && v.freeze() != null && freezes.holds(v.freeze())) {
            return new Idempotency.Answer(200, intents.creditUnderFreeze(v.tx())); // the reader's own credit
        } else if (r instanceof ShardRequest.Resolve v) {
            return new Idempotency.Answer(200, intents.resolve(v.tx(), v.committed()));
        } else if (r instanceof ShardRequest.RecordState s) {
            return new Idempotency.Answer(200, transactions.state(s.tx()));
        } else if (r instanceof ShardRequest.Freeze f) {
            return new Idempotency.Answer(200, freezes.freeze(f.id(), f.leaseMs()));
        } else if (r instanceof ShardRequest.Thaw t) {
            return new Idempotency.Answer(200, new Bodies.Thawed(freezes.thaw(t.id())));
        } else if (r instanceof ShardRequest.InstallMap m) {
            return new Idempotency.Answer(200, migrations.installMap(new Bodies.ShardList(m.shards())));
        } else if (r instanceof ShardRequest.Export e) {
            return new Idempotency.Answer(200, migrations.export(e.id(), e.toShard()));
        } else if (r instanceof ShardRequest.Import i) {
            return new Idempotency.Answer(201, migrations.importAccount(i.id(), new Bodies.Import(i.balance(), i.fromShard())));
        } else if (r instanceof ShardRequest.Moved m) {
            return new Idempotency.Answer(200, migrations.moved(m.id(), m.toShard()));
        } else if (r instanceof ShardRequest.Moves) {
            return new Idempotency.Answer(200, migrations.moves());
        }
        throw new IllegalArgumentException("no shard request " + r); // the set is sealed: a new kind must be served here
    }

    /** Phase 1 at the payer, under the client's Idempotency-Key when it has one. */
    private Idempotency.Answer prepare(ShardRequest.Prepare r) {
        Bodies.Prepare p = r.prepare();
        // The request as a same-shard transfer names it, so a key is reused or repeated the same way on either path.
        Idempotency.Key key = r.key() == null ? null
                : new Idempotency.Key(r.key(), "transfer " + p.from() + " " + p.to() + " " + p.amount());
        return transactions.prepare(r.tx(), p, key);
    }

    /** A change, once per Idempotency-Key when the request has one. */
    private Idempotency.Answer change(ShardRequest r, String idempotencyKey,
                                      Function<Idempotency.Key, Idempotency.Answer> operation) {
        String request = r.name();
        Idempotency.Key key = idempotencyKey == null ? null : new Idempotency.Key(idempotencyKey, request);
        String crossShard = idempotencyKey == null ? null : transactions.keyedRequest(idempotencyKey);
        if (crossShard != null && !crossShard.equals(request)) {
            throw ApiError.keyReused(idempotencyKey, crossShard);
        }
        return key == null ? operation.apply(null) : keys.once(key, () -> operation.apply(key), bank::journal);
    }
}
