package org.birthofds.bank;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Function;
import org.birthofds.bank.api.JsonServer;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.data.TestHooks;

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

    private BankServer(Bank bank, Worker worker, Idempotency keys, String node, TestHooks hooks) {
        this.bank = bank;
        this.worker = worker;
        this.keys = keys;
        this.node = node;
        this.hooks = hooks;
    }

    /** A configured server, not yet started: call {@code start(host, port)}. {@code hooks} is null outside tests. */
    static Javalin create(Bank bank, Worker worker, Idempotency keys, String node, TestHooks hooks) {
        BankServer server = new BankServer(bank, worker, keys, node, hooks);
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
    }

    private void openAccount(Context ctx) {
        String id = RequestBody.open(ctx).id();
        change(ctx, "open " + id, key -> new Idempotency.Answer(201, bank.open(id, key)));
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
