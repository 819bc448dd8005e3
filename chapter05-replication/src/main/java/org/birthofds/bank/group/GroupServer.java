package org.birthofds.bank.group;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.birthofds.bank.ledger.Grammar;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Status;

/**
 * A replica's HTTP face. POST /raft is the replicas' own channel: a message is handed to the
 * replica's thread and answered 204 at once, since Raft messages are one-way. POST /commands and
 * GET /read are the clients': only the leader serves them, a follower answers 503 not_leader with
 * the leader's URL; and no client waits for ever: past the timeout the answer is 503, and a
 * write may or may not have happened (exercise 5.3 makes its resend safe).
 */
final class GroupServer {
    static final long ANSWER_TIMEOUT_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ReplicaLoop loop;
    private final Grammar grammar;
    private final Map<String, URI> peers;
    private final Javalin javalin;
    private volatile String self;

    private GroupServer(ReplicaLoop loop, Grammar grammar, Map<String, URI> peers) {
        this.loop = loop;
        this.grammar = grammar;
        this.peers = peers;
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 1024 * 1024; // a catch-up AppendEntries carries up to 64 entries
            routes(config.routes);
        });
    }

    static GroupServer create(ReplicaLoop loop, Grammar grammar, Map<String, URI> peers) {
        return new GroupServer(loop, grammar, peers);
    }

    /** Serves on {@code host}:{@code port} (0: any free one) and returns the URL it serves at. */
    String start(String host, int port) {
        javalin.start(host, port);
        self = "http://" + host + ":" + javalin.port();
        return self;
    }

    void stop() {
        javalin.stop();
    }

    private void routes(RoutesConfig routes) {
        routes.post("/raft", ctx -> {
            try {
                loop.receive(Wire.read(ctx.body()));
                ctx.status(204);
            } catch (IllegalArgumentException e) {
                refuse(ctx, 400, "invalid_request", "Not a Raft message: " + e.getMessage(), null);
            }
        });
        routes.post("/commands", this::propose);
        routes.get("/read", this::read);
        routes.get("/status", ctx -> {
            Status s = loop.status();
            ctx.json(new GroupBodies.State(s.id(), s.role().name(), s.term(), s.lastLogIndex(), s.commitIndex(), s.leader(),
                    urlOf(s.leader())));
        });
    }

    private void propose(Context ctx) throws InterruptedException {
        String command;
        try {
            command = JSON.readValue(ctx.body(), GroupBodies.Proposal.class).command();
        } catch (Exception e) {
            refuse(ctx, 400, "invalid_request", "The body is {\"command\": \"TAG TIME VERB ARGS...\"}.", null);
            return;
        }
        String error = grammar.commandError(command);
        if (error != null) {
            refuse(ctx, 400, "invalid_request", "Not a ledger command: " + error + ".", null);
            return;
        }
        answer(ctx, loop.propose(command), "write");
    }

    private void read(Context ctx) throws InterruptedException {
        String query = ctx.queryParam("q");
        String error = grammar.queryError(query);
        if (error != null) {
            refuse(ctx, 400, "invalid_request", "Not a ledger query: " + error + ".", null);
            return;
        }
        answer(ctx, loop.read(query), "read");
    }

    private void answer(Context ctx, CompletableFuture<Effect.Reply> pending, String what) throws InterruptedException {
        Effect.Reply reply;
        try {
            reply = pending.get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            loop.forget(pending);
            refuse(ctx, 503, "unavailable", "No answer within " + ANSWER_TIMEOUT_MS + " ms: the group may have no"
                    + " majority. A write may or may not have happened.", null);
            return;
        }
        switch (reply.answer()) {
            case OK -> ctx.json(new GroupBodies.Result(reply.body(), loop.status().id()));
            case NOT_LEADER -> {
                String leader = urlOf(reply.body());
                refuse(ctx, 503, "not_leader", "This replica does not lead; " + (leader == null
                        ? "no leader is known yet: try again shortly." : "the leader is " + leader + "."), leader);
            }
            case UNKNOWN -> refuse(ctx, 503, "unavailable", "The leader stepped down before the " + what
                    + " committed: it may or may not happen.", null);
        }
    }

    private String urlOf(String replica) {
        if (replica != null && replica.equals(loop.status().id())) {
            return self;
        }
        URI url = replica == null ? null : peers.get(replica);
        return url == null ? null : url.toString();
    }

    private static void refuse(Context ctx, int status, String code, String message, String leader) {
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(status).json(new GroupBodies.Error(code, message, leader));
    }
}
