package org.birthofds.bank;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Function;
import org.birthofds.bank.api.JsonServer;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.data.TestHooks;
import org.birthofds.bank.participant.Freezes;
import org.birthofds.bank.participant.Intents;
import org.birthofds.bank.participant.Migrations;
import org.birthofds.bank.participant.Transactions;

/**
 * The data tier's internal API: the paths and bodies of the public API (top-level README.md, "The API"), served on a port of
 * its own (7071) that only the logic tier calls. It binds to loopback, and no route leads from
 * the public front door to it. Chapter 2's engine stands behind it unchanged, plus the
 * Idempotency-Keys it keeps (see {@link Idempotency}).
 */
final class BankServer {
    private final Bank bank;
    private final Worker worker;
    private final Idempotency keys;
    private final String node;
    private final TestHooks hooks; // null unless a test started this node with hooks
    private final Shard shard;
    private final Migrations migrations; // chapter 4, rebalancing: null (the default, without --admin) serves none

    /** Chapter 4: what makes this data tier one shard of many: cross-shard transfers and the consistent read. */
    record Shard(Transactions transactions, Intents intents, Freezes freezes) {
    }



    private BankServer(Bank bank, Worker worker, Idempotency keys, String node, TestHooks hooks, Shard shard,
                       Migrations migrations) {
        this.bank = bank;
        this.worker = worker;
        this.keys = keys;
        this.node = node;
        this.hooks = hooks;
        this.shard = shard;
        this.migrations = migrations;
    }

    /** A configured server, not yet started: call {@code start(host, port)}. {@code hooks} is null outside tests. */
    static Javalin create(Bank bank, Worker worker, Idempotency keys, String node, TestHooks hooks, Shard shard) {
        return create(bank, worker, keys, node, hooks, shard, null);
    }

    /** @param migrations the admin endpoints of rebalancing, or null to serve none (only --admin serves them) */
    static Javalin create(Bank bank, Worker worker, Idempotency keys, String node, TestHooks hooks, Shard shard,
                          Migrations migrations) {
        BankServer server = new BankServer(bank, worker, keys, node, hooks, shard, migrations);
        return Javalin.create(config -> {
            JsonServer.configure(config);
            if (hooks != null) {
                config.routes.before(ctx -> hooks.beforeEachRequest(ctx.method() + " " + ctx.path()));
            }
            server.routes(config.routes);
        });
    }

    private void routes(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(new Bodies.Health("ok", node)));
        routes.post("/accounts", this::openAccount);
        routes.get("/accounts", ctx -> ctx.json(worker.run("list", bank::accounts)));
        routes.get("/accounts/{id}", ctx -> ctx.json(worker.run("read", () -> bank.account(ctx.pathParam("id")))));
        routes.post("/accounts/{id}/deposits", this::deposit);
        routes.post("/accounts/{id}/withdrawals", this::withdraw);
        routes.post("/transfers", this::transfer);
        // Chapter 4, internal: the steps of a cross-shard transfer (see Transactions and Intents) and the freeze.
        routes.post("/transactions/{tx}/prepare", this::prepare);
        routes.post("/transactions/{tx}/intent", ctx -> step(ctx, "intent", tx -> new Idempotency.Answer(201,
                shard.intents().intent(tx, RequestBody.intent(ctx)))));
        routes.post("/transactions/{tx}/commit", ctx -> step(ctx, "commit", tx -> new Idempotency.Answer(200,
                shard.transactions().commit(tx))));
        routes.post("/transactions/{tx}/abort", ctx -> step(ctx, "abort", tx -> new Idempotency.Answer(200,
                shard.transactions().abort(tx, RequestBody.abort(ctx)))));
        routes.post("/transactions/{tx}/resolve", ctx -> step(ctx, "resolve", tx -> new Idempotency.Answer(200,
                shard.intents().resolve(tx, RequestBody.resolve(ctx).outcome().equals("COMMITTED")))));
        // No worker for these: they must answer while writers wait on the frozen barrier and hold every worker.
        routes.get("/transactions/{tx}", ctx -> ctx.json(shard.transactions().state(RequestBody.pathToken(ctx, "tx"))));
        routes.post("/freezes", ctx -> ctx.json(shard.freezes().freeze(RequestBody.freeze(ctx).leaseMs())));
        routes.post("/freezes/{id}/thaw", ctx -> ctx.json(
                Map.of("thawed", shard.freezes().thaw(RequestBody.pathToken(ctx, "id")))));
        if (migrations != null) {
            adminRoutes(routes);
        }
    }

    /** Chapter 4, rebalancing, only with --admin: the steps that move an account to a new shard (see Migrations). */
    private void adminRoutes(RoutesConfig routes) {
        routes.post("/admin/shard-map", ctx -> ctx.json(worker.run("install shard map",
                () -> migrations.installMap(RequestBody.shardList(ctx)))));
        routes.post("/admin/accounts/{id}/export", ctx -> {
            String id = RequestBody.pathAccountId(ctx);
            String to = RequestBody.moveTo(ctx).toShard();
            ctx.json(worker.run("export " + id, () -> migrations.export(id, to)));
        });
        routes.post("/admin/accounts/{id}/import", ctx -> {
            String id = RequestBody.pathAccountId(ctx);
            Bodies.Import body = RequestBody.importAccount(ctx);
            ctx.status(201).json(worker.run("import " + id, () -> migrations.importAccount(id, body)));
        });
        routes.post("/admin/accounts/{id}/moved", ctx -> {
            String id = RequestBody.pathAccountId(ctx);
            String to = RequestBody.moveTo(ctx).toShard();
            ctx.json(worker.run("moved " + id, () -> migrations.moved(id, to)));
        });
        routes.get("/admin/moves", ctx -> ctx.json(migrations.moves()));
    }

    /** Phase 1 at the payer, under the client's Idempotency-Key when it has one. */
    private void prepare(Context ctx) {
        String tx = RequestBody.pathToken(ctx, "tx");
        Bodies.Prepare p = RequestBody.prepare(ctx);
        String keyValue = RequestBody.idempotencyKey(ctx);
        // The request as a same-shard transfer names it, so a key is reused or repeated the same way on either path.
        Idempotency.Key key = keyValue == null ? null
                : new Idempotency.Key(keyValue, "transfer " + p.from() + " " + p.to() + " " + p.amount());
        answer(ctx, "prepare " + tx, worker.run("prepare " + tx, () -> shard.transactions().prepare(tx, p, key)));
    }

    /** A later step of a cross-shard transfer: idempotent by transaction id, so it needs no key. */
    private void step(Context ctx, String name, Function<String, Idempotency.Answer> operation) {
        String tx = RequestBody.pathToken(ctx, "tx");
        answer(ctx, name + " " + tx, worker.run(name + " " + tx, () -> operation.apply(tx)));
    }

    private void openAccount(Context ctx) {
        String id = RequestBody.open(ctx).id();
        answer(ctx, "open " + id, worker.run("open " + id, () -> new Idempotency.Answer(201, bank.open(id))));
    }

    private void deposit(Context ctx) {
        long amount = RequestBody.change(ctx).amount();
        String id = ctx.pathParam("id");
        change(ctx, "deposit " + id + " " + amount, key -> new Idempotency.Answer(200, bank.deposit(id, amount, key)));
    }

    private void withdraw(Context ctx) {
        long amount = RequestBody.change(ctx).amount();
        String id = ctx.pathParam("id");
        change(ctx, "withdraw " + id + " " + amount, key -> new Idempotency.Answer(200, bank.withdraw(id, amount, key)));
    }

    private void transfer(Context ctx) {
        Bodies.Transfer t = RequestBody.transfer(ctx);
        change(ctx, "transfer " + t.from() + " " + t.to() + " " + t.amount(),
                key -> new Idempotency.Answer(201, bank.transfer(t.from(), t.to(), t.amount(), key)));
    }

    /** Runs a change on a worker: once per Idempotency-Key when the request has one. */
    private void change(Context ctx, String request, Function<Idempotency.Key, Idempotency.Answer> operation) {
        String keyValue = RequestBody.idempotencyKey(ctx);
        Idempotency.Key key = keyValue == null ? null : new Idempotency.Key(keyValue, request);
        String crossShard = keyValue == null ? null : shard.transactions().keyedRequest(keyValue);
        if (crossShard != null && !crossShard.equals(request)) {
            throw ApiError.keyReused(keyValue, crossShard);
        }
        Idempotency.Answer answer = worker.run(request, () -> key == null
                ? operation.apply(null)
                : keys.once(key, () -> operation.apply(key), bank::journal));
        answer(ctx, request, answer);
    }

    private void answer(Context ctx, String request, Idempotency.Answer answer) {
        if (hooks != null && hooks.losesAnswerTo(request)) {
            hooks.dropConnection(ctx); // applied and journaled, but the caller never hears of it
            return;
        }
        ctx.status(answer.status()).json(answer.body());
    }
}
