package org.birthofds.bank.group;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.api.JsonServer;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.node.AdminToken;
import org.birthofds.bank.protocol.ShardAnswer;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.ShardRoutes;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Status;

/**
 * A replica's HTTP face. {@link #STREAM} is the replicas' own channel: each peer keeps one open,
 * and every message in its frames is handed to the replica's thread, since Raft messages are
 * one-way. {@code POST /raft} takes one message as JSON, answered 204 at once, for tools and
 * tests. The bank's own callers keep a stream of their own open ({@link CallerStreams}), on which
 * their calls to {@code POST /shard} come and go without an HTTP request each. Every other path is
 * chapter 4's shard API ({@link ShardRoutes}), served by the group rather than by one machine:
 * a read through the leader's read index, a write by putting the request in the log and answering
 * once it is committed and applied. Only the leader serves them; a follower answers 503
 * {@code not_leader} with the leader's URL, which the logic tier follows ({@code net.GroupRemote}).
 * No caller waits for ever: past {@code answerMs} the answer is 503, and a write may or may not
 * have happened, to be settled by sending it again under its Idempotency-Key.
 */
final class GroupServer {
    /** Where a peer opens its long-lived stream of Raft messages ({@link Peer}). */
    static final String STREAM = "/raft/stream";
    private static final long STREAM_MESSAGE_BYTES = 4 * 1024 * 1024; // 64 messages of a snapshot's chunks fit

    private final ReplicaLoop loop;
    private final Proof proof;
    private final AdminToken adminToken; // null: no admin or fault endpoint served
    private final Map<String, URI> peers;
    private final Faults faults;
    private final long answerMs;
    private final Javalin javalin;
    private volatile String self;

    private GroupServer(ReplicaLoop loop, GroupFlags flags, Faults faults, Proof proof)
            throws IOException {
        this.proof = proof;
        this.adminToken = AdminToken.fromFlag(flags.adminTokenFile());
        this.loop = loop;
        this.peers = flags.peers();
        this.faults = faults;
        this.answerMs = flags.answerMs();
        this.javalin = Javalin.create(config -> {
            JsonServer.configure(config);
            config.http.maxRequestSize = 1024 * 1024; // a catch-up AppendEntries carries up to 64 entries
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxBinaryMessageSize(STREAM_MESSAGE_BYTES);
                factory.setIdleTimeout(Duration.ofMinutes(10)); // a quiet group's streams stay open
            });
            routes(config.routes, flags);
        });
    }

    static GroupServer create(ReplicaLoop loop, GroupFlags flags, Faults faults, Proof proof)
            throws IOException {
        return new GroupServer(loop, flags, faults, proof);
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

    private void routes(RoutesConfig routes, GroupFlags flags) {
        routes.before(ctx -> {
            if (!readOnlyAndOpen(ctx) && !proven(ctx)) {
                refuse(ctx, 401, "unauthorized", "Only the cluster's own processes may call this replica: the call"
                        + " carries no valid " + Proof.HEADER + ".", null);
                ctx.skipRemainingHandlers();
            } else if (operators(ctx) && (adminToken == null || !adminToken.allows(ctx.header(AdminToken.HEADER)))) {
                refuse(ctx, 401, "unauthorized", "An admin or fault endpoint takes the operator's "
                        + AdminToken.HEADER + ".", null);
                ctx.skipRemainingHandlers();
            }
        });
        routes.post("/raft", ctx -> {
            try {
                if (!faults.isolated()) {
                    loop.receive(Wire.read(ctx.body()));
                }
                ctx.status(204);
            } catch (IllegalArgumentException e) {
                refuse(ctx, 400, "invalid_request", "Not a Raft message: " + e.getMessage(), null);
            }
        });
        // The peers' stream: proven once as it opens (HTTP's before-handlers do not see an upgrade),
        // then every frame is messages for the replica's thread, dropped while isolated.
        routes.wsBeforeUpgrade(STREAM, ctx -> {
            if (!proven(ctx)) {
                throw new UnauthorizedResponse("Only the cluster's own processes may stream to this replica.");
            }
        });
        routes.ws(STREAM, ws -> ws.onBinaryMessage(frame -> {
            if (faults.isolated()) {
                return;
            }
            byte[] bytes = new byte[frame.data().remaining()];
            frame.data().get(bytes);
            try {
                Frames.read(bytes).forEach(loop::receive);
            } catch (IllegalArgumentException e) {
                frame.closeSession(1003, "not a frame of Raft messages"); // only a member can have sent it: a bug, not an attack
            }
        }));
        routes.get("/health", ctx -> ctx.json(new Bodies.Health("ok", flags.id())));
        routes.get("/status", ctx -> {
            Status s = loop.status();
            Members members = loop.members();
            ctx.json(new GroupBodies.State(s.id(), s.role().name(), s.term(), s.lastLogIndex(), s.commitIndex(), s.leader(),
                    urlOf(s.leader()), faults.isolated(), s.snapshotIndex(), List.copyOf(members.voters().keySet()),
                    List.copyOf(members.learners().keySet()), loop.disk(), members.disks(), loop.forced()));
        });
        if (flags.admin()) {
            routes.post("/admin/members", this::changeMembers);
        }
        if (flags.faults()) {
            routes.post("/faults/isolate", ctx -> {
                faults.isolate(true);
                ctx.json(Map.of("isolated", true));
            });
            routes.post("/faults/heal", ctx -> {
                faults.isolate(false);
                ctx.json(Map.of("isolated", false));
            });
        }
        CallerStreams.install(routes, this::proven, this::serve); // the logic tier's way in (net.ShardStream)
        ShardRoutes.install(routes, flags.admin(), this::serve);
    }

    private void serve(Context ctx, ShardRequest request) throws InterruptedException, ExecutionException {
        send(ctx, request.isRead() ? answer(loop.read(Bodies.write(request))).get()
                : answer(loop.propose(new ShardRequest.Stamped(System.currentTimeMillis(), request).encode())).get());
    }

    /**
     * A call from a caller's stream ({@link CallerStreams}): read once, to check it, then served as
     * {@code POST /shard} serves it, but its JSON goes into the log as the caller wrote it.
     */
    CompletableFuture<Response> serve(String json) {
        ShardRequest request;
        try {
            request = ShardRequest.Stamped.check(json);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(refusal(400, "invalid_request", "Not a shard request: " + e.getMessage(),
                    null));
        }
        if (request.isAdmin()) {
            return CompletableFuture.completedFuture(refusal(400, "invalid_request",
                    "Moving accounts is the operator's, through /admin/ paths.", null));
        }
        return request.isRead() ? answer(loop.read(json))
                : answer(loop.propose(ShardRequest.Stamped.encode(System.currentTimeMillis(), json)));
    }

    /** One change of members, as the launcher's replace makes them: answered once committed, or refused. */
    private void changeMembers(Context ctx) throws InterruptedException {
        GroupBodies.MemberChange asked;
        Members.Change change;
        try {
            asked = Bodies.read(ctx.body(), GroupBodies.MemberChange.class);
            change = switch (asked.change() == null ? "" : asked.change()) {
                case "add-learner" -> Members.Change.addLearner(asked.id(), URI.create(asked.url()).toString());
                case "promote" -> Members.Change.promote(asked.id());
                case "remove" -> Members.Change.remove(asked.id());
                default -> throw new IllegalArgumentException("change must be add-learner, promote or remove");
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            refuse(ctx, 400, "invalid_request", "Not a change of members: " + e.getMessage(), null);
            return;
        }
        Effect.Reply reply = await(loop.changeMembers(change), System.currentTimeMillis() + answerMs);
        if (reply != null && reply.answer() == Effect.Answer.REFUSED) {
            refuse(ctx, 409, "refused", "The leader refused " + asked.change() + " " + asked.id() + ": " + reply.body() + ".",
                    null);
        } else if (reply != null && reply.answer() == Effect.Answer.OK) {
            Members members = loop.members();
            ctx.json(new GroupBodies.Membership(List.copyOf(members.voters().keySet()), List.copyOf(members.learners().keySet())));
        } else {
            send(ctx, responseOf(reply));
        }
    }

    /** The reply, or null if none came by the deadline (a late one goes nowhere). */
    private Effect.Reply await(CompletableFuture<Effect.Reply> pending, long deadline) throws InterruptedException {
        try {
            return pending.get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            loop.forget(pending);
            return null;
        }
    }

    /** The answer to a request, once the replica gives it, or 503 unavailable past --answer-ms (a late one goes nowhere). */
    private CompletableFuture<Response> answer(CompletableFuture<Effect.Reply> pending) {
        return pending.completeOnTimeout(null, answerMs, TimeUnit.MILLISECONDS).thenApply(reply -> {
            if (reply == null) {
                loop.forget(pending);
            }
            return responseOf(reply);
        });
    }

    private Response responseOf(Effect.Reply reply) {
        if (reply == null) {
            return refusal(503, "unavailable", "No answer within " + answerMs + " ms: the group may have no majority."
                    + " A write may or may not have happened.", null);
        }
        return switch (reply.answer()) {
            case OK -> ShardAnswer.decode(reply.body()) instanceof ShardAnswer.Given given
                    ? given.response() // as chapter 4's shard answers
                    // Frozen by a consistent read: nothing was done. The caller sends it again shortly (net.GroupRemote).
                    : refusal(503, "frozen", "A consistent read holds this shard still for a moment; nothing was done.", null);
            case NOT_LEADER -> {
                String leader = urlOf(reply.body().isEmpty() ? null : reply.body());
                yield refusal(503, "not_leader", "This replica does not lead; " + (leader == null
                        ? "no leader is known yet: try again shortly." : "the leader is " + leader + "."), leader);
            }
            case UNKNOWN -> refusal(503, "unavailable", "The leader stepped down before the request committed:"
                    + " it may or may not happen.", null);
            case REFUSED -> refusal(409, "refused", reply.body(), null);
        };
    }

    private static void send(Context ctx, Response response) {
        if (response.status() == 503) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(response.status()).contentType("application/json").result(response.body());
    }

    private static boolean operators(Context ctx) {
        return ctx.path().startsWith("/admin/") || ctx.path().startsWith("/faults/");
    }

    /** Health and status say nothing a stranger could use, and the launcher and its live page read them. */
    private static boolean readOnlyAndOpen(Context ctx) {
        return ctx.method() == HandlerType.GET && (ctx.path().equals("/health") || ctx.path().equals("/status"));
    }

    private boolean proven(Context ctx) {
        String query = ctx.queryString();
        String path = ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
        return proof.holds(ctx.header(Proof.CALLER), ctx.method().name(), path, ctx.body(), ctx.header(Proof.HEADER));
    }

    private String urlOf(String replica) {
        if (replica != null && replica.equals(loop.status().id())) {
            return self;
        }
        URI url = replica == null ? null : peers.get(replica);
        if (url == null && replica != null) { // a member added since this replica started: its change named its URL
            String address = loop.members().address(replica);
            return address == null || address.isEmpty() ? null : address;
        }
        return url == null ? null : url.toString();
    }

    private static void refuse(Context ctx, int status, String code, String message, String leader) {
        send(ctx, refusal(status, code, message, leader));
    }

    private static Response refusal(int status, String code, String message, String leader) {
        return new Response(status, Bodies.write(new GroupBodies.Error(code, message, leader)));
    }
}
