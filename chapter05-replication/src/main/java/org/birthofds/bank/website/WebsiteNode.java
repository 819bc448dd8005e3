package org.birthofds.bank.website;

import io.javalin.Javalin;
import java.time.Duration;
import org.birthofds.bank.Worker;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.node.Node;

/**
 * The presentation tier: the banking website, which turns forms into calls to the logic tier's
 * public API and answers into pages. Like the logic tier, it keeps nothing between requests (no
 * sessions), so it can be restarted, or run as many copies, at will. WebsiteMain starts one; so
 * do the tests, on port 0.
 */
public final class WebsiteNode implements Node {
    private final Remote logic;
    private final Worker worker;
    private final Javalin server;

    private WebsiteNode(Remote logic, Worker worker, Javalin server) {
        this.logic = logic;
        this.worker = worker;
        this.server = server;
    }

    public static WebsiteNode start(WebsiteFlags flags) {
        Remote logic = new HttpRemote("logic tier", flags.logicUrl(), (int) flags.connectTimeout().toMillis(),
                (int) flags.requestTimeout().toMillis());
        Worker worker = new Worker(flags.workers(), Duration.ZERO, Duration.ZERO);
        Javalin server = Website.create(new BankApi(logic, worker), flags.node());
        server.start(flags.host(), flags.port());
        return new WebsiteNode(logic, worker, server);
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
        worker.close();
        logic.close();
    }
}
