package org.birthofds.bank.logic;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.RequestBody;
import org.birthofds.bank.Worker;
import org.birthofds.bank.api.JsonServer;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.ShardClient;
import org.birthofds.bank.node.AdminToken;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.shard.ShardMap;
import org.birthofds.bank.twophase.Coordinator;
import org.birthofds.bank.twophase.Snapshot;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic tier's front door: the public API (top-level README.md, "The API"). It checks every request
 * against the API's rules, then asks the shard that holds the account, within a timeout, to do the
 * part that needs the data; a transfer between two shards goes to the {@link Coordinator}, and the
 * listing of every account to the {@link Snapshot}. It keeps nothing between requests, so any
 * logic node can take any request, and a restart has nothing to replay.
 */
final class LogicServer {
    private static final Logger log = LoggerFactory.getLogger(LogicServer.class);

    /** What stands behind the routes. */
    record Parts(ShardClient shards, Coordinator coordinator, Snapshot snapshot) {
    }

    private final Parts parts;
    private final Worker worker;
    private final String node;

    private LogicServer(Parts parts, Worker worker, String node) {
        this.parts = parts;
        this.worker = worker;
        this.node = node;
    }

    /**
     * A configured server, not yet started. {@code inFlight} counts the requests not yet fully
     * answered; once it is shut down, new requests get a quick 503 (see {@code JettyErrors}).
     */
    /** @param admin the operator's token, which /admin/... asks of every call; null: no admin endpoint */
    static Javalin create(Parts parts, Worker worker, String node, GracefulHandler inFlight, AdminToken admin) {
        LogicServer server = new LogicServer(parts, worker, node);
        return Javalin.create(config -> {
            JsonServer.configure(config);
            // Outermost, so that every answer says who served it: refusals, and the 503s of a draining node too.
            config.jetty.modifyServer(jetty -> jetty.setHandler(new ServedBy(node, inFlight)));
            server.routes(config.routes);
            if (admin != null) {
                server.adminRoutes(config.routes, admin);
            }
        });
    }

    private void routes(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(new Bodies.Health("ok", node)));
        routes.post("/accounts", this::openAccount);
        routes.get("/accounts", ctx -> ctx.json(worker.run("GET /accounts", parts.snapshot()::read)));
        routes.get("/accounts/{id}", ctx -> {
            String id = RequestBody.pathAccountId(ctx);
            forward(ctx, "GET /accounts/" + id, id, new ShardRequest.Balance(id));
        });
        routes.post("/accounts/{id}/deposits", ctx -> change(ctx, "deposits"));
        routes.post("/accounts/{id}/withdrawals", ctx -> change(ctx, "withdrawals"));
        routes.post("/transfers", this::transfer);
    }

    /**
     * Chapter 4, rebalancing, only with --admin: how the migrator hands this node the new shard map once every
     * moving account has moved. A node that misses it keeps the old map: the old shards refuse what it sends
     * for a moved account (503), so it serves less, never wrongly, until it gets the map or restarts with it.
     */
    private void adminRoutes(RoutesConfig routes, AdminToken admin) {
        routes.before("/admin/*", ctx -> {
            if (!admin.allows(ctx.header(AdminToken.HEADER))) {
                ctx.status(401).json(new Bodies.Error("unauthorized", "/admin/... takes the operator's " + AdminToken.HEADER + "."));
                ctx.skipRemainingHandlers();
            }
        });
        routes.get("/admin/shard-map", ctx -> ctx.json(new Bodies.ShardList(parts.shards().map().inline())));
        routes.post("/admin/shard-map", ctx -> {
            String inline = RequestBody.shardList(ctx).shards();
            try {
                parts.shards().use(ShardMap.parse(inline));
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid(e.getMessage());
            }
            log.info("Now routing by the shard map {}", parts.shards().map());
            ctx.json(new Bodies.ShardList(parts.shards().map().inline()));
        });
    }

    /** Checked here (RequestBody), and sent on as the same record to the account's shard. */
    private void openAccount(Context ctx) {
        Bodies.Open open = RequestBody.open(ctx);
        forward(ctx, "POST /accounts", open.id(), new ShardRequest.Open(open.id()));
    }

    /** A deposit or a withdrawal: the same shape, the shard knows which way the money goes. */
    private void change(Context ctx, String kind) {
        Bodies.Change change = RequestBody.change(ctx);
        String id = RequestBody.pathAccountId(ctx);
        String key = RequestBody.idempotencyKey(ctx);
        forward(ctx, "POST /accounts/" + id + "/" + kind, id, kind.equals("deposits")
                ? new ShardRequest.Deposit(id, change.amount(), key) : new ShardRequest.Withdraw(id, change.amount(), key));
    }

    /** Within one shard, forwarded as in chapter 3; across two, coordinated in two phases. */
    private void transfer(Context ctx) {
        Bodies.Transfer transfer = RequestBody.transfer(ctx);
        String key = RequestBody.idempotencyKey(ctx);
        send(ctx, worker.run("POST /transfers", () -> parts.coordinator().transfer(transfer, key)));
    }

    /** Passes the shard's answer on as it is; no answer in time is a 503 with Retry-After. */
    private void forward(Context ctx, String name, String account, ShardRequest request) {
        String shard = parts.shards().shardFor(account);
        send(ctx, worker.run(name, () -> parts.shards().ask(shard, request)));
    }

    private static void send(Context ctx, Response answer) {
        if (answer.status() == 503) {
            ctx.header("Retry-After", "1"); // a shard's 503 (an account moving) promises the same as ours: come back
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.body());
    }

    /** Adds {@code X-Served-By} to every answer before anything inside can commit it (the API, from chapter 4). */
    private static final class ServedBy extends Handler.Wrapper {
        private final String node;

        ServedBy(String node, Handler inside) {
            super(inside);
            this.node = node;
        }

        @Override
        public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) throws Exception {
            response.getHeaders().put("X-Served-By", node);
            return super.handle(request, response, callback);
        }
    }
}
