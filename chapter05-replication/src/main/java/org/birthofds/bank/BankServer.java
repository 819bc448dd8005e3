package org.birthofds.bank;

import org.birthofds.bank.participant.ShardEngine;
import org.birthofds.bank.protocol.ShardRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;
import org.birthofds.bank.api.JsonServer;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.data.TestHooks;
import org.birthofds.bank.protocol.ShardRoutes;

/**
 * The data tier's internal API: the paths and bodies of the public API (top-level README.md, "The API"), served on a port of
 * its own (7071) that only the logic tier calls. It binds to loopback, and no route leads from
 * the public front door to it. Chapter 2's engine stands behind it unchanged, plus the
 * Idempotency-Keys it keeps (see {@link Idempotency}).
 *
 * <p>Chapter 5: the routes and what each request means moved to {@link ShardRoutes} and
 * {@link ShardEngine}, which a replica of a shard group serves too. This server runs each request
 * on a worker, against the one copy of the shard.
 */
final class BankServer {
    /** No worker for these: they must answer while writers wait on the frozen barrier and hold every worker. */
    private static final Set<String> WITHOUT_WORKER = Set.of("tx", "freeze", "thaw");

    private final ShardEngine engine;
    private final Worker worker;
    private final TestHooks hooks; // null unless a test started this node with hooks

    private BankServer(ShardEngine engine, Worker worker, TestHooks hooks) {
        this.engine = engine;
        this.worker = worker;
        this.hooks = hooks;
    }

    /**
     * A configured server, not yet started: call {@code start(host, port)}. {@code hooks} is null outside tests.
     *
     * @param admin whether to serve the admin endpoints of rebalancing (only --admin serves them)
     */
    static Javalin create(ShardEngine engine, Worker worker, String node, TestHooks hooks, boolean admin) {
        BankServer server = new BankServer(engine, worker, hooks);
        return Javalin.create(config -> {
            JsonServer.configure(config);
            config.routes.get("/health", ctx -> ctx.json(new Bodies.Health("ok", node)));
            ShardRoutes.install(config.routes, admin, server::serve);
        });
    }

    private void serve(Context ctx, ShardRequest request) {
        String name = request.name();
        if (hooks != null) {
            // Chapter 5: by the request's name ("deposit alice 5"), whether it came by chapter 4's path or by /shard.
            hooks.beforeEachRequest(name);
        }
        Idempotency.Answer answer = WITHOUT_WORKER.contains(request.verb())
                ? engine.answer(request)
                : worker.run(name, () -> engine.answer(request));
        if (hooks != null && hooks.losesAnswerTo(name)) {
            hooks.dropConnection(ctx); // applied and journaled, but the caller never hears of it
            return;
        }
        ctx.status(answer.status()).json(answer.body());
    }
}
