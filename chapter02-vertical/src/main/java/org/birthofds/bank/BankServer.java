package org.birthofds.bank;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network, the third workhorse: the front door that serves the API (top-level README.md, "The API"). Handlers
 * only parse and answer; every bank operation runs on the {@link Worker}. Built by a factory so
 * that tests start the same server on port 0.
 */
final class BankServer {
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(BankServer.class);

    private final Bank bank;
    private final Worker worker;
    private final String node;

    private BankServer(Bank bank, Worker worker, String node) {
        this.bank = bank;
        this.worker = worker;
        this.node = node;
    }

    /** A configured server, not yet started: call {@code start(host, port)}. */
    static Javalin create(Bank bank, Worker worker, String node) {
        BankServer server = new BankServer(bank, worker, node);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(jetty -> jetty.setErrorHandler(new JettyErrors()));
            server.routes(config.routes);
            errors(config.routes);
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
        String id = RequestBody.of(ctx, Set.of("id")).accountId("id");
        ctx.status(201).json(worker.run("open " + id, () -> bank.open(id)));
    }

    private void deposit(Context ctx) {
        long amount = RequestBody.of(ctx, Set.of("amount")).amount();
        String id = ctx.pathParam("id");
        ctx.json(worker.run("deposit " + id, () -> bank.deposit(id, amount)));
    }

    private void withdraw(Context ctx) {
        long amount = RequestBody.of(ctx, Set.of("amount")).amount();
        String id = ctx.pathParam("id");
        ctx.json(worker.run("withdraw " + id, () -> bank.withdraw(id, amount)));
    }

    private void transfer(Context ctx) {
        RequestBody body = RequestBody.of(ctx, Set.of("from", "to", "amount"));
        String from = body.accountId("from");
        String to = body.accountId("to");
        long amount = body.amount();
        if (from.equals(to)) {
            throw ApiError.invalid("A transfer needs two different accounts; 'from' and 'to' are both " + ApiError.quote(from) + ".");
        }
        ctx.status(201).json(worker.run("transfer " + from + " " + to, () -> bank.transfer(from, to, amount)));
    }

    /** Every refusal leaves as the API's error body; never as HTML or a stack trace. */
    private static void errors(RoutesConfig routes) {
        routes.exception(ApiError.class, (e, ctx) -> answer(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, fromJavalin(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, new ApiError(500, "internal_error", "The server failed unexpectedly; the error is in its log."));
        });
    }

    /** Javalin's own refusals (routing, body size) in the API's words. */
    private static ApiError fromJavalin(HttpResponseException e, Context ctx) {
        String message = switch (e.getStatus()) {
            case 404 -> "No endpoint at " + ctx.method() + " " + ctx.path() + ".";
            case 405 -> ctx.method() + " is not allowed on " + ctx.path() + ".";
            case 413 -> "The body is larger than " + MAX_BODY_BYTES + " bytes.";
            default -> e.getMessage() + ".";
        };
        return new ApiError(e.getStatus(), ApiError.codeFor(e.getStatus()), message);
    }

    private static void answer(Context ctx, ApiError e) {
        ctx.status(e.status).json(new Bodies.Error(e.code, e.getMessage()));
    }
}
