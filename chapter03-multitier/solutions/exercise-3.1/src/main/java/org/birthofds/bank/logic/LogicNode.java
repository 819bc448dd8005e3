package org.birthofds.bank.logic;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.birthofds.bank.Worker;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.node.Node;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic tier: the bank's rules and its public API, and no data at all. Restarting it, to
 * deploy a new rule, replays nothing and loses nothing: the data tier keeps running meanwhile.
 * LogicMain starts one; so do the tests, on port 0.
 *
 * <p>FAILURE MODE (fixed in chapter 04): one logic server is still one machine's worth of CPU,
 * and while it restarts, nobody serves the API.
 */
public final class LogicNode implements Node {
    private static final Logger log = LoggerFactory.getLogger(LogicNode.class);
    private static final long DRAIN_SECONDS = 10;

    private final Remote data;
    private final Worker worker;
    private final GracefulHandler inFlight;
    private final Javalin server;

    private LogicNode(Remote data, Worker worker, GracefulHandler inFlight, Javalin server) {
        this.data = data;
        this.worker = worker;
        this.inFlight = inFlight;
        this.server = server;
    }

    public static LogicNode start(LogicFlags flags) {
        Remote data = new HttpRemote("data tier", flags.dataUrl(), (int) flags.connectTimeout().toMillis(),
                (int) flags.requestTimeout().toMillis());
        Worker worker = new Worker(flags.workers(), flags.workPerRequest(), Duration.ZERO);
        GracefulHandler inFlight = new GracefulHandler();
        Javalin server = LogicServer.create(data, worker, flags.node(), flags.maxTransfer(), inFlight);
        server.start(flags.host(), flags.port());
        return new LogicNode(data, worker, inFlight, server);
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Its workers, for tests that hold them to stage a busy tier. */
    public Worker worker() {
        return worker;
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
        data.close();
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
