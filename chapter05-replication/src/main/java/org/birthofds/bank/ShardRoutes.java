package org.birthofds.bank;

import org.birthofds.bank.protocol.ShardRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * A shard's internal API (chapter 3's paths, chapter 4's two-phase steps and freezes): each route
 * checks its request strictly ({@link RequestBody}) and turns it into one {@link ShardRequest}.
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
        routes.post("/accounts", ctx -> serve.serve(ctx, request("open", null, null, RequestBody.open(ctx))));
        routes.get("/accounts", ctx -> serve.serve(ctx, request("list", null, null, null)));
        routes.get("/accounts/{id}", ctx -> serve.serve(ctx, request("account", ctx.pathParam("id"), null, null)));
        routes.post("/accounts/{id}/deposits", ctx -> serve.serve(ctx, change(ctx, "deposit")));
        routes.post("/accounts/{id}/withdrawals", ctx -> serve.serve(ctx, change(ctx, "withdraw")));
        routes.post("/transfers", ctx -> {
            Bodies.Transfer transfer = RequestBody.transfer(ctx); // the body is checked before the key, as in chapter 3
            serve.serve(ctx, request("transfer", null, RequestBody.idempotencyKey(ctx), transfer));
        });
        // Chapter 4: the steps of a cross-shard transfer (see Transactions and Intents), and the freeze.
        routes.post("/transactions/{tx}/prepare", ctx -> {
            String tx = tx(ctx);
            Bodies.Prepare prepare = RequestBody.prepare(ctx);
            serve.serve(ctx, request("prepare", tx, RequestBody.idempotencyKey(ctx), prepare));
        });
        routes.post("/transactions/{tx}/intent", ctx -> serve.serve(ctx, request("intent", tx(ctx), null,
                RequestBody.intent(ctx))));
        routes.post("/transactions/{tx}/commit", ctx -> serve.serve(ctx, request("commit", tx(ctx), null, null)));
        routes.post("/transactions/{tx}/abort", ctx -> serve.serve(ctx, request("abort", tx(ctx), null,
                RequestBody.abort(ctx))));
        routes.post("/transactions/{tx}/resolve", ctx -> serve.serve(ctx, request("resolve", tx(ctx), null,
                RequestBody.resolve(ctx))));
        routes.get("/transactions/{tx}", ctx -> serve.serve(ctx, request("tx", tx(ctx), null, null)));
        // A freeze is named here, as it arrives: every replica that applies it must give it the same name.
        routes.post("/freezes", ctx -> serve.serve(ctx, request("freeze", UUID.randomUUID().toString(), null,
                RequestBody.freeze(ctx))));
        routes.post("/freezes/{id}/thaw", ctx -> serve.serve(ctx, request("thaw", RequestBody.pathToken(ctx, "id"), null,
                null)));
        if (admin) {
            adminRoutes(routes, serve);
        }
    }

    /** Chapter 4, rebalancing, only with --admin: the steps that move an account to a new shard (see Migrations). */
    private static void adminRoutes(RoutesConfig routes, Serve serve) {
        routes.post("/admin/shard-map", ctx -> serve.serve(ctx, request("install-map", null, null,
                RequestBody.shardList(ctx))));
        routes.post("/admin/accounts/{id}/export", ctx -> serve.serve(ctx, request("export",
                RequestBody.pathAccountId(ctx), null, RequestBody.moveTo(ctx))));
        routes.post("/admin/accounts/{id}/import", ctx -> serve.serve(ctx, request("import",
                RequestBody.pathAccountId(ctx), null, RequestBody.importAccount(ctx))));
        routes.post("/admin/accounts/{id}/moved", ctx -> serve.serve(ctx, request("moved",
                RequestBody.pathAccountId(ctx), null, RequestBody.moveTo(ctx))));
        routes.get("/admin/moves", ctx -> serve.serve(ctx, request("moves", null, null, null)));
    }

    private static ShardRequest change(Context ctx, String verb) {
        Bodies.Change change = RequestBody.change(ctx);
        return request(verb, ctx.pathParam("id"), RequestBody.idempotencyKey(ctx), change);
    }

    private static String tx(Context ctx) {
        return RequestBody.pathToken(ctx, "tx");
    }

    private static ShardRequest request(String verb, String target, String key, Object body) {
        return ShardRequest.of(verb, target, key, body);
    }
}
