package org.birthofds.bank.rebalance;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.birthofds.bank.Account;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.GroupRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.shard.Move;
import org.birthofds.bank.shard.Ring;
import org.birthofds.bank.shard.ShardMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds shard M+1 to a running bank, while it serves. Consistent hashing is why this is affordable:
 * only the accounts on the arcs the new shard's points take over move ({@link Ring#moves}), about
 * 1/(M+1) of them, all to the new shard; the others are not touched, not even read.
 * <ol>
 * <li>every shard, old and new, is given the new map: from now on no shard opens an account that the
 *     new ring places elsewhere, so no logic node with the old map can create a copy the new map misses;
 * <li>each old shard lists its accounts; the ones whose ring position moves, and only those, are moved,
 *     one by one: export at the old shard (writes refused, holds settled first), import at the new one,
 *     moved at the old one, each durable before the next (the shard side is {@code participant.Migrations});
 * <li>every logic node is given the new map. One that misses it routes moved accounts to their old
 *     shard, which answers 503 {@code account_moved}: it serves less until it has the map, never wrongly.
 * </ol>
 * Between step 1 and step 3 the moving accounts' writes get 503 with Retry-After, and so does opening an
 * account the new ring places on the new shard: the price of never having two live copies. The
 * migrator keeps nothing: every step is idempotent, so after a crash the same command is run again.
 */
public final class AddShard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AddShard.class);
    private static final long SETTLE_WAIT_NANOS = 30_000_000_000L; // a dead coordinator's hold is settled within --in-doubt-ms

    /** What one addition did. */
    public record Report(String newShard, int accounts, List<Move> moved, Map<String, Integer> movedFrom,
                         List<String> logicUpdated, Map<String, String> logicMissed, long millis) {
        public double fraction() {
            return accounts == 0 ? 0 : (double) moved.size() / accounts;
        }

        public String summary() {
            int shards = movedFrom.size() + 1;
            return String.format(java.util.Locale.ROOT, "Added %s in %d ms: moved %d of %d accounts (%.4f; consistent hashing"
                            + " promises about 1/%d = %.4f), from %s, all to %s. Logic nodes with the new map: %s%s", newShard,
                    millis, moved.size(), accounts, fraction(), shards, 1.0 / shards, movedFrom, newShard, logicUpdated,
                    logicMissed.isEmpty() ? "." : "; MISSED (they route moved accounts to the old shards, which answer 503"
                            + " until they get the map): " + logicMissed);
        }
    }

    private final ShardMap before;
    private final ShardMap after;
    private final String newShard;
    private final List<URI> logicNodes;
    private final int parallel;
    private final Proof proof; // the operator's: the cluster's secret and the admin token (null: chapter 4's shards)
    private final Map<String, Remote> shards = new TreeMap<>();
    private volatile Consumer<Move> afterEachMove = move -> {
    };

    /**
     * @param after      {@code before} and one more shard
     * @param logicNodes every logic node, each started with --admin
     * @param parallel   accounts moved at once
     */
    public AddShard(ShardMap before, ShardMap after, List<URI> logicNodes, int parallel) {
        this(before, after, logicNodes, parallel, null);
    }

    /** @param proof chapter 5: the cluster's secret, which replica groups ask of every call */
    public AddShard(ShardMap before, ShardMap after, List<URI> logicNodes, int parallel, Proof proof) {
        List<String> added = new ArrayList<>(after.urls().keySet());
        added.removeAll(before.urls().keySet());
        before.urls().forEach((id, url) -> {
            if (!after.has(id) || !after.replicas(id).equals(url)) {
                throw new IllegalArgumentException("The new map must keep every shard of the old one; it drops or moves " + id + ".");
            }
        });
        if (added.size() != 1) {
            throw new IllegalArgumentException("The new map must add exactly one shard to " + before.urls().keySet()
                    + ", not " + added + ".");
        }
        this.before = before;
        this.after = after;
        this.newShard = added.get(0);
        this.logicNodes = List.copyOf(logicNodes);
        this.parallel = parallel;
        this.proof = proof;
        // Five seconds a replica, as chapter 4 gave its one shard ten: the admin steps are rare, and a busy
        // machine answering late must not cut a migration short (a frozen leader costs five, then the next replica).
        after.urls().forEach((id, replicas) -> shards.put(id, new GroupRemote("shard " + id, replicas, 1000, 5_000, 20_000,
                proof)));
    }

    /** A test's hook, off unless a test sets it: runs after each account has moved (all three steps durable). */
    public void afterEachMove(Consumer<Move> hook) {
        afterEachMove = hook;
    }

    /** @throws IllegalStateException when a shard refuses or cannot be reached: run it again, every step is idempotent */
    public Report run() throws InterruptedException {
        long started = System.nanoTime();
        // 1. every shard learns the new map: no new account can be opened on the wrong side of it from now on
        String map = Bodies.write(new Bodies.ShardList(after.inline()));
        for (String shard : shards.keySet()) {
            expect(200, shard, "POST", "/admin/shard-map", map);
        }
        // 2. the accounts whose ring position moves, and only those
        Ring older = Ring.of(before.urls().keySet());
        Ring newer = Ring.of(after.urls().keySet());
        List<Move> moves = new ArrayList<>();
        int accounts = 0;
        Map<String, Integer> movedFrom = new TreeMap<>();
        for (String shard : before.urls().keySet()) {
            List<String> ids = expect(200, shard, "GET", "/accounts", null).accounts().stream().map(Bodies.Account::id).toList();
            accounts += ids.size();
            List<Move> fromHere = Ring.moves(older, newer, ids);
            for (Move move : fromHere) {
                if (!move.from().equals(shard) || !move.to().equals(newShard)) {
                    throw new IllegalStateException(move + " is not a move from " + shard + " to " + newShard
                            + ": the shards' accounts do not match the old map");
                }
            }
            movedFrom.put(shard, fromHere.size());
            moves.addAll(fromHere);
        }
        log.info("Adding {}: {} of {} accounts move", newShard, moves.size(), accounts);
        moveAll(moves);
        // 3. the logic nodes route by the new map
        List<String> updated = new ArrayList<>();
        Map<String, String> missed = new TreeMap<>();
        for (URI node : logicNodes) {
            try (HttpRemote remote = new HttpRemote("logic node", node, 1000, 5000, proof)) {
                Response answer = remote.call("POST", "/admin/shard-map", map, "shard-map-" + newShard);
                if (answer.ok()) {
                    updated.add(node.toString());
                } else {
                    missed.put(node.toString(), answer.status() + " " + answer.body());
                }
            } catch (Unreachable e) {
                missed.put(node.toString(), e.getMessage());
            }
        }
        return new Report(newShard, accounts, List.copyOf(moves), movedFrom, updated, missed,
                (System.nanoTime() - started) / 1_000_000);
    }

    private void moveAll(List<Move> moves) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Move move : moves) {
                running.add(pool.submit(() -> {
                    moveOne(move);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Export, import, moved: each durable before the next is sent. */
    private void moveOne(Move move) {
        String id = move.accountId();
        String to = Bodies.write(new Bodies.MoveTo(move.to()));
        Bodies.Exported exported = exportWhenSettled(move, to);
        if (!exported.state().equals("MOVED")) {
            call(move.to(), "POST", "/admin/accounts/" + id + "/import",
                    Bodies.write(new Bodies.Import(exported.balance(), move.from())), 201);
            call(move.from(), "POST", "/admin/accounts/" + id + "/moved", to, 200);
        }
        afterEachMove.accept(move);
    }

    /** A 503 here means a cross-shard transfer still holds money on the account: it settles within seconds. */
    private Bodies.Exported exportWhenSettled(Move move, String to) {
        long deadline = System.nanoTime() + SETTLE_WAIT_NANOS;
        while (true) {
            Response answer = send(move.from(), "POST", "/admin/accounts/" + move.accountId() + "/export", to);
            if (answer.ok()) {
                return Bodies.read(answer.body(), Bodies.Exported.class);
            }
            if (answer.status() != 503 || System.nanoTime() > deadline) {
                throw refused(move.from(), "export " + move.accountId(), answer);
            }
            LockSupport.parkNanos(20_000_000); // the account is fenced meanwhile: no new hold can start on it
        }
    }

    private Bodies.AccountList expect(int status, String shard, String method, String path, String json) {
        Response answer = send(shard, method, path, json);
        if (answer.status() != status) {
            throw refused(shard, method + " " + path, answer);
        }
        return path.equals("/accounts") ? Bodies.read(answer.body(), Bodies.AccountList.class) : null;
    }

    private void call(String shard, String method, String path, String json, int status) {
        Response answer = send(shard, method, path, json);
        if (answer.status() != status) {
            throw refused(shard, method + " " + path, answer);
        }
    }

    private Response send(String shard, String method, String path, String json) {
        try {
            // Every step is idempotent, so the remote may repeat it on a broken connection: the key says so (shards ignore it).
            return shards.get(shard).call(method, path, json, method.equals("GET") ? null : "rebalance");
        } catch (Unreachable e) {
            throw new IllegalStateException("Shard " + shard + " gave no answer to " + method + " " + path + ": "
                    + e.getMessage() + ". Every step is idempotent: run the addition again.", e);
        }
    }

    private static IllegalStateException refused(String shard, String what, Response answer) {
        return new IllegalStateException("Shard " + shard + " refused " + what + ": " + answer.status() + " " + answer.body()
                + ". Every step is idempotent: run the addition again once that is fixed.");
    }

    /** Closes the connections to the shards. */
    @Override
    public void close() {
        shards.values().forEach(Remote::close);
    }
}
