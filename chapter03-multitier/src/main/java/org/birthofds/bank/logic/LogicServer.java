package org.birthofds.bank.logic;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.RequestBody;
import org.birthofds.bank.Worker;
import org.birthofds.bank.api.JsonServer;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic tier's front door: the public API (top-level README.md, "The API"). It checks every request
 * against the API's rules, then asks the data tier, within a timeout, to do the part that needs
 * the data. It keeps nothing between requests, so any logic server can take any request, and a
 * restart has nothing to replay.
 */
final class LogicServer {
    private static final Logger log = LoggerFactory.getLogger(LogicServer.class);
    private final Remote data;
    private final Worker worker;
    private final String node;

    private LogicServer(Remote data, Worker worker, String node) {
        this.data = data;
        this.worker = worker;
        this.node = node;
    }

    /**
     * A configured server, not yet started. {@code inFlight} counts the requests not yet fully
     * answered; once it is shut down, new requests get a quick 503 (see {@code JettyErrors}).
     */
    static Javalin create(Remote data, Worker worker, String node, GracefulHandler inFlight) {
        LogicServer server = new LogicServer(data, worker, node);
        return Javalin.create(config -> {
            JsonServer.configure(config);
            config.jetty.modifyServer(jetty -> jetty.setHandler(inFlight)); // Javalin's handlers go inside it
            server.routes(config.routes);
        });
    }

    private void routes(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(new Bodies.Health("ok", node)));
        routes.post("/accounts", this::openAccount);
        routes.get("/accounts", ctx -> forward(ctx, "GET", "/accounts", null));
        routes.get("/accounts/{id}", ctx -> forward(ctx, "GET", "/accounts/" + RequestBody.pathAccountId(ctx), null));
        routes.post("/accounts/{id}/deposits", ctx -> change(ctx, "deposits"));
        routes.post("/accounts/{id}/withdrawals", ctx -> change(ctx, "withdrawals"));
        routes.post("/transfers", this::transfer);
    }

    /** Checked here (RequestBody), and sent on as the same record: what reaches the data tier is what was checked. */
    private void openAccount(Context ctx) {
        Bodies.Open open = RequestBody.open(ctx);
        forward(ctx, "POST", "/accounts", Bodies.write(open));
    }

    /** A deposit or a withdrawal: the same shape, the data tier knows which way the money goes. */
    private void change(Context ctx, String kind) {
        Bodies.Change change = RequestBody.change(ctx);
        forward(ctx, "POST", "/accounts/" + RequestBody.pathAccountId(ctx) + "/" + kind, Bodies.write(change));
    }

    private void transfer(Context ctx) {
        Bodies.Transfer transfer = RequestBody.transfer(ctx);
        forward(ctx, "POST", "/transfers", Bodies.write(transfer));
    }

    /** Passes the data tier's answer on as it is; no answer in time becomes a 503 with Retry-After. */
    private void forward(Context ctx, String method, String path, String json) {
        String key = method.equals("POST") ? RequestBody.idempotencyKey(ctx) : null;
        Response answer = worker.run(method + " " + path, () -> {
            try {
                return data.call(method, path, json, key);
            } catch (Unreachable e) {
                log.warn("{} {}: 503, {}", method, path, e.getMessage());
                throw ApiError.unavailable(e.getMessage());
            }
        });
        ctx.status(answer.status()).contentType("application/json").result(answer.body());
    }
}
