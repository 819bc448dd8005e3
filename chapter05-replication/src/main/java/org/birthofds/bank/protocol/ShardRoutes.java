package org.birthofds.bank.protocol;

import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.RequestBody;
import org.birthofds.bank.protocol.ShardRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * A shard's internal API (chapter 3's paths, chapter 4's two-phase steps and freezes): each route
 * checks its request strictly ({@link RequestBody}) and turns it into one {@link ShardRequest}; and
 * chapter 5's {@code POST /shard}, which takes a {@link ShardRequest} as it is, from the bank's own
 * callers (a logic node, a recovery pass).
 * Two servers install the same table: chapter 4's single shard ({@link BankServer}) runs each
 * request on its engine at once; chapter 5's replica ({@code group.GroupServer}) puts it in the
 * group's log first. One table, so the two can never disagree on what a request means.
 */
public final class ShardRoutes {
    /** What a server does with a checked request. */
    public interface Serve {
        void serve(Context ctx, ShardRequest request) throws Exception;
    }

    private ShardRoutes() {
    }

    /** @param admin whether to serve the steps that move accounts to a new shard (only with --admin) */
    public static void install(RoutesConfig routes, boolean admin, Serve serve) {
        // Chapter 5: the shard's requests as they are, typed: what a logic node and a recovery pass send.
        routes.post("/shard", ctx -> {
            ShardRequest request = RequestBody.shardRequest(ctx);
            if (request.isAdmin()) {
                throw ApiError.invalid("Moving accounts is the operator's, through /admin/ paths.");
            }
            serve.serve(ctx, request);
        });
        routes.post("/accounts", ctx -> serve.serve(ctx, new ShardRequest.Open(RequestBody.open(ctx).id())));
        routes.get("/accounts", ctx -> serve.serve(ctx, new ShardRequest.ListAll()));
        routes.get("/accounts/{id}", ctx -> serve.serve(ctx, new ShardRequest.Balance(ctx.pathParam("id"))));
        routes.post("/accounts/{id}/deposits", ctx -> {
            long amount = RequestBody.change(ctx).amount();
            serve.serve(ctx, new ShardRequest.Deposit(ctx.pathParam("id"), amount, RequestBody.idempotencyKey(ctx)));
        });
        routes.post("/accounts/{id}/withdrawals", ctx -> {
            long amount = RequestBody.change(ctx).amount();
            serve.serve(ctx, new ShardRequest.Withdraw(ctx.pathParam("id"), amount, RequestBody.idempotencyKey(ctx)));
        });
        routes.post("/transfers", ctx -> {
            Bodies.Transfer t = RequestBody.transfer(ctx); // the body is checked before the key, as in chapter 3
            serve.serve(ctx, new ShardRequest.Transfer(t.from(), t.to(), t.amount(), RequestBody.idempotencyKey(ctx)));
        });
        // Chapter 4's paths for the steps of a cross-shard transfer and for the freezes are gone: their only
        // callers, the logic tier and the recovery pass, send those requests typed, to POST /shard.
        if (admin) {
            adminRoutes(routes, serve);
        }
    }

    /** Chapter 4, rebalancing, only with --admin: the steps that move an account to a new shard (see Migrations). */
    private static void adminRoutes(RoutesConfig routes, Serve serve) {
        routes.post("/admin/shard-map", ctx -> serve.serve(ctx, new ShardRequest.InstallMap(RequestBody.shardList(ctx).shards())));
        routes.post("/admin/accounts/{id}/export", ctx -> serve.serve(ctx, new ShardRequest.Export(
                RequestBody.pathAccountId(ctx), RequestBody.moveTo(ctx).toShard())));
        routes.post("/admin/accounts/{id}/import", ctx -> {
            String id = RequestBody.pathAccountId(ctx);
            Bodies.Import body = RequestBody.importAccount(ctx);
            serve.serve(ctx, new ShardRequest.Import(id, body.balance(), body.fromShard()));
        });
        routes.post("/admin/accounts/{id}/moved", ctx -> serve.serve(ctx, new ShardRequest.Moved(
                RequestBody.pathAccountId(ctx), RequestBody.moveTo(ctx).toShard())));
        routes.get("/admin/moves", ctx -> serve.serve(ctx, new ShardRequest.Moves()));
    }

    private static String tx(Context ctx) {
        return RequestBody.pathToken(ctx, "tx");
    }
}
