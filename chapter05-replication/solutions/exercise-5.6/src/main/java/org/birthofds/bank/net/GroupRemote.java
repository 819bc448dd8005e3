package org.birthofds.bank.net;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Chapter 5: a shard that is a group of replicas, called as one {@link Remote}. Only the group's
 * leader takes requests, and the leader changes when it dies, so a call goes to the replica last
 * known to lead, and follows the group when it answers otherwise:
 * <ul>
 * <li>503 {@code not_leader} (the replica does not lead; it names the leader if it knows one): the
 *     request was not taken, so it goes to the leader named, or to the next replica;
 * <li>no connection (refused, or not made in time): nothing was sent, so the next replica;
 * <li>no answer, a cut connection, or the replica's own 503 {@code unavailable} (the write was in
 *     the log of a leader that lost its majority): it may or may not happen. Only a read or a write
 *     with an Idempotency-Key, which the group applies once however often it arrives, goes on to
 *     another replica; any other write is given back to the caller as unknown (503), because a
 *     second copy could move the money twice.
 * </ul>
 * Every try is bounded by the replicas' timeouts, and the whole call by {@code requestTimeoutMs}. A
 * group of one replica is chapter 4's shard: its answer, or its silence, is final.
 */
public final class GroupRemote implements Remote {
    private static final long PAUSE_NANOS = 20_000_000; // between rounds: an election takes 150-300 ms
    private static final long HEDGE_NANOS = 100_000_000; // a read unanswered this long also goes to the next replica
    private static final ExecutorService HEDGES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hedged-read");
        t.setDaemon(true);
        return t;
    });
    /** Longer than a replica takes to say it cannot commit (its --answer-ms, 800), shorter than a caller waits. */
    private static final int TRY_TIMEOUT_MS = 1000;

    private final String name;
    // Append-only, so an index stays good: a replica joins the list when a not_leader names a leader
    // it did not know, a machine added to the group since this caller was started (chapter 5, membership).
    private final List<URI> replicas;
    private final List<Remote> remotes = new CopyOnWriteArrayList<>();
    private final int connectTimeoutMs;
    private final int tryTimeoutMs;
    private final Proof proof;
    private final boolean streams;
    private final long requestTimeoutNanos;
    private final Clock clock;
    private volatile int leader; // the replica last known to lead, by index

    /** @param name what to call the group in messages, such as "shard-1" */
    public GroupRemote(String name, List<URI> replicas, int connectTimeoutMs, int requestTimeoutMs) {
        this(name, replicas, connectTimeoutMs, requestTimeoutMs == 0 ? 0 : Math.min(requestTimeoutMs, TRY_TIMEOUT_MS),
                requestTimeoutMs);
    }

    /**
     * @param tryTimeoutMs     how long one replica may take to answer: a frozen leader costs this, not the whole call
     * @param requestTimeoutMs how long the whole call may take, every try included (0: for ever)
     */
    public GroupRemote(String name, List<URI> replicas, int connectTimeoutMs, int tryTimeoutMs, int requestTimeoutMs) {
        this(name, replicas, connectTimeoutMs, tryTimeoutMs, requestTimeoutMs, null);
    }

    /** A group that takes calls only with the cluster's {@link Proof}, as every replica group does. */
    public GroupRemote(String name, List<URI> replicas, int connectTimeoutMs, int requestTimeoutMs, Proof proof) {
        this(name, replicas, connectTimeoutMs, requestTimeoutMs == 0 ? 0 : Math.min(requestTimeoutMs, TRY_TIMEOUT_MS),
                requestTimeoutMs, proof);
    }

    public GroupRemote(String name, List<URI> replicas, int connectTimeoutMs, int tryTimeoutMs, int requestTimeoutMs,
                       Proof proof) {
        this(name, replicas, connectTimeoutMs, tryTimeoutMs, requestTimeoutMs, proof, false);
    }

    /**
     * The bank's own callers' group (a logic node's, a recovery pass's): its calls to {@code POST /shard}
     * go over one {@link ShardStream} per replica rather than one HTTP request each.
     */
    public static GroupRemote streaming(String name, List<URI> replicas, int connectTimeoutMs, int requestTimeoutMs,
                                        Proof proof) {
        return new GroupRemote(name, replicas, connectTimeoutMs,
                requestTimeoutMs == 0 ? 0 : Math.min(requestTimeoutMs, TRY_TIMEOUT_MS), requestTimeoutMs, proof, true);
    }

    private GroupRemote(String name, List<URI> replicas, int connectTimeoutMs, int tryTimeoutMs, int requestTimeoutMs,
                        Proof proof, boolean streams) {
        this.name = name;
        this.streams = streams;
        this.replicas = new CopyOnWriteArrayList<>(replicas);
        this.requestTimeoutNanos = requestTimeoutMs * 1_000_000L;
        this.clock = Clock.SYSTEM;
        this.connectTimeoutMs = connectTimeoutMs;
        this.tryTimeoutMs = tryTimeoutMs;
        this.proof = proof;
        for (URI replica : replicas) {
            remotes.add(remoteFor(replicas.size() == 1 ? name : name + "'s replica", replica));
        }
    }

    @Override
    public Response call(String method, String path, String json, String idempotencyKey) throws Unreachable {
        long deadline = requestTimeoutNanos == 0 ? Long.MAX_VALUE : clock.nanoTime() + requestTimeoutNanos; // 0: for ever
        if (method.equals("GET") && replicas.size() > 1) {
            return hedged(path, deadline);
        }
        return call(method, path, json, idempotencyKey, leader, deadline);
    }

    /**
     * Exercise 5.6: a read goes to the replica believed to lead; if it has not answered within
     * {@code HEDGE_NANOS}, the same read also starts from the next replica, and the first answer wins.
     * Only a read: a write sent twice could be applied twice. A hedged read cannot be stale either,
     * since only a replica that confirmed it leads (its read index) answers one.
     */
    private Response hedged(String path, long deadline) throws Unreachable {
        int first = leader;
        CompletableFuture<Response> one = attempt(path, first, deadline);
        try {
            return one.get(HEDGE_NANOS, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            CompletableFuture<Response> two = attempt(path, next(first), deadline);
            CompletableFuture<Object> either = CompletableFuture.anyOf(one, two);
            try {
                return (Response) either.get();
            } catch (ExecutionException failed) {
                // one of them gave up: wait for the other
                CompletableFuture<Response> other = one.isCompletedExceptionally() ? two : one;
                return unwrap(other);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new Unreachable("interrupted", false);
            }
        } catch (ExecutionException e) {
            return unwrap(one);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", false);
        }
    }

    private CompletableFuture<Response> attempt(String path, int start, long deadline) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call("GET", path, null, null, start, deadline);
            } catch (Unreachable e) {
                throw new CompletionException(e);
            }
        }, HEDGES);
    }

    private static Response unwrap(CompletableFuture<Response> attempt) throws Unreachable {
        try {
            return attempt.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Unreachable u ? u : new Unreachable(String.valueOf(e.getCause()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", false);
        }
    }

    private Response call(String method, String path, String json, String idempotencyKey, int start, long deadline)
            throws Unreachable {
        boolean safeToRepeat = method.equals("GET") || idempotencyKey != null;
        int target = start;
        int triedThisRound = 0;
        boolean mayHaveHappened = false;
        String last = "no replica tried";
        while (true) {
            if (clock.nanoTime() >= deadline) {
                throw new Unreachable(name + " gave no answer within " + requestTimeoutNanos / 1_000_000 + " ms ("
                        + last + ")", mayHaveHappened, !mayHaveHappened);
            }
            if (triedThisRound == replicas.size()) {
                triedThisRound = 0;
                LockSupport.parkNanos(Math.min(PAUSE_NANOS, Math.max(0, deadline - clock.nanoTime()))); // no leader yet
            }
            triedThisRound++;
            Response answer;
            try {
                answer = remotes.get(target).call(method, path, json, idempotencyKey);
            } catch (Unreachable e) {
                last = e.getMessage();
                if (replicas.size() == 1 || (!e.neverSent() && !safeToRepeat)) {
                    throw e; // it may have happened: only the caller may decide to send it again
                }
                mayHaveHappened |= !e.neverSent();
                target = next(target);
                continue;
            }
            String refusal = replicaRefusal(answer);
            if ("frozen".equals(refusal)) { // a consistent read holds the shard: nothing was done, so go again shortly
                LockSupport.parkNanos(Math.min(PAUSE_NANOS, Math.max(0, deadline - clock.nanoTime())));
                continue;
            }
            refusal = replicas.size() == 1 ? null : refusal; // a group of one: chapter 4's shard, its answer is final
            if (refusal == null) {
                leader = target;
                return answer;
            }
            last = replicas.get(target) + " answered " + refusal;
            if (refusal.equals("not_leader")) {
                URI hint = leaderNamedIn(answer.body());
                int named = hint == null ? -1 : indexOf(hint);
                target = named >= 0 && named != target ? named : next(target);
                continue;
            }
            if (!safeToRepeat) {
                return answer; // unknown: the caller hears the group's own 503
            }
            mayHaveHappened = true;
            target = next(target);
        }
    }

    /** "not_leader", "unavailable" or "frozen" when the replica (not the bank behind it) turned the request away, else null. */
    private static String replicaRefusal(Response answer) {
        if (answer.status() != 503) {
            return null;
        }
        String error = Json.field(answer.body(), "error");
        return "not_leader".equals(error) || "unavailable".equals(error) || "frozen".equals(error) ? error : null;
    }

    private static URI leaderNamedIn(String body) {
        String leader = Json.field(body, "leader");
        try {
            return leader == null ? null : URI.create(leader);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where {@code replica} is in the list, which it joins if it is new: a leader the group has added since. */
    private synchronized int indexOf(URI replica) {
        int at = replicas.indexOf(replica);
        if (at >= 0) {
            return at;
        }
        remotes.add(remoteFor(name + "'s replica", replica));
        replicas.add(replica);
        return replicas.size() - 1;
    }

    private Remote remoteFor(String what, URI replica) {
        return streams ? new ShardStream(what, replica, connectTimeoutMs, tryTimeoutMs, proof)
                : new HttpRemote(what, replica, connectTimeoutMs, tryTimeoutMs, clock, proof);
    }

    private int next(int index) {
        return (index + 1) % replicas.size();
    }

    @Override
    public void close() {
        remotes.forEach(Remote::close);
    }
}
