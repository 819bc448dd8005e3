package org.birthofds.bank.logic;

import io.javalin.Javalin;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.birthofds.bank.Worker;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.protocol.ShardClient;
import org.birthofds.bank.node.AdminToken;
import org.birthofds.bank.node.Node;
import org.birthofds.bank.twophase.Coordinator;
import org.birthofds.bank.twophase.Snapshot;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic tier: the bank's rules and its public API, and no data at all. Restarting it, to
 * deploy a new rule, replays nothing and loses nothing: the data tier keeps running meanwhile.
 * LogicMain starts one; so do the tests, on port 0.
 *
 * <p>Chapter 4: it routes each account to its shard (by the ring of {@code shard.ShardMap}) and
 * coordinates transfers between shards ({@code twophase}); it still keeps nothing, so any number
 * of logic nodes serve side by side.
 */
public final class LogicNode implements Node {
    private static final Logger log = LoggerFactory.getLogger(LogicNode.class);
    private static final long DRAIN_SECONDS = 10;

    private final ShardClient shards;
    private final Coordinator coordinator;
    private final Snapshot snapshot;
    private final Worker worker;
    private final GracefulHandler inFlight;
    private final Javalin server;

    private LogicNode(ShardClient shards, Coordinator coordinator, Snapshot snapshot, Worker worker, GracefulHandler inFlight,
                      Javalin server) {
        this.shards = shards;
        this.coordinator = coordinator;
        this.snapshot = snapshot;
        this.worker = worker;
        this.inFlight = inFlight;
        this.server = server;
    }

    public static LogicNode start(LogicFlags flags) throws IOException {
        Proof proof = flags.secretFile() == null ? null : Proof.fromFile(flags.secretFile(), flags.node());
        ShardClient shards = new ShardClient(flags.shards(), (int) flags.connectTimeout().toMillis(), (int) flags.requestTimeout().toMillis(),
                proof);
        Coordinator coordinator = new Coordinator(shards);
        Snapshot snapshot = new Snapshot(shards, flags.reads(), flags.freezeLease().toMillis());
        Worker worker = new Worker(flags.workers(), flags.workPerRequest(), flags.cpuPerRequest());
        GracefulHandler inFlight = new GracefulHandler();
        Javalin server = LogicServer.create(new LogicServer.Parts(shards, coordinator, snapshot), worker, flags.node(), inFlight,
                flags.admin() ? AdminToken.fromFile(flags.adminTokenFile()) : null);
        server.start(flags.host(), flags.port());
        return new LogicNode(shards, coordinator, snapshot, worker, inFlight, server);
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Its workers, for tests that hold them to stage a busy tier. */
    public Worker worker() {
        return worker;
    }

    /** The cross-shard coordinator, for tests that set its fault hook. */
    public Coordinator coordinator() {
        return coordinator;
    }

    /** The shard map this node routes by now (it changes when a shard is added). */
    public org.birthofds.bank.shard.ShardMap shardMap() {
        return shards.map();
    }

    /** The GET /accounts reader, for tests that set its fault hook. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * A clean stop, as for a deploy: new requests get a quick 503 with Retry-After, and those
     * already in flight finish and are answered. Nothing is lost, because nothing is kept here.
     */
    @Override
    public void close() {
        awaitRequestsInFlight();
        worker.close();
        server.stop();
        shards.close();
    }

    /** New requests get a 503 from now on; waits until each one in flight is answered, or the wait runs out. */
    private void awaitRequestsInFlight() {
        try {
            inFlight.shutdown().get(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("Stopping with requests still in flight after {} s", DRAIN_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
