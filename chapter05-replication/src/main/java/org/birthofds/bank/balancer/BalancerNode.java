package org.birthofds.bank.balancer;

import java.io.IOException;
import java.util.List;
import org.birthofds.bank.node.Node;
import org.birthofds.bank.node.AdminToken;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 4's front door: one address for the bank, in front of many logic nodes. Any logic node
 * can take any request because none keeps anything (chapter 3), so adding nodes adds capacity,
 * and a node can be restarted while the others serve. BalancerMain starts one; so do the tests,
 * on port 0. Chapter 5: it checks every node's health and sends nothing to a node out of service.
 */
public final class BalancerNode implements Node {
    private static final Logger log = LoggerFactory.getLogger(BalancerNode.class);
    private static final long DRAIN_MILLIS = 10_000;

    private final Server server;
    private final ServerConnector connector;
    private final Forwarder forwarder;
    private final Prober prober;

    private BalancerNode(Server server, ServerConnector connector, Forwarder forwarder, Prober prober) {
        this.server = server;
        this.connector = connector;
        this.forwarder = forwarder;
        this.prober = prober;
    }

    public static BalancerNode start(BalancerFlags flags) throws IOException {
        Health health = flags.newHealth();
        Forwarder forwarder = new Forwarder(flags.newPolicy(), health, flags.nodes(), flags.connectTimeout(),
                flags.requestTimeout());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        // FAILURE MODE (left broken; see README "What it leaves broken"): the bank's one public address is
        // this one socket in this one process. Behind it every shard is three replicas and the logic
        // nodes are many, but when this process dies every client's connection is refused, and no
        // other process takes the address over until this one is restarted: BalancerIsOneProcessTest.
        connector.setHost(flags.host());
        connector.setPort(flags.port());
        server.addConnector(connector);
        Handler handler = flags.admin()
                ? new AdminEndpoint(forwarder, forwarder::counters, AdminToken.fromFile(flags.adminTokenFile())) : forwarder;
        server.setHandler(new GracefulHandler(handler)); // a stop lets the requests in flight finish
        server.setStopTimeout(DRAIN_MILLIS);
        try {
            server.start();
        } catch (Exception e) {
            throw new IOException("could not listen on " + flags.host() + ":" + flags.port() + ": " + e.getMessage(), e);
        }
        // The health checks share the proxy's HTTP client, started with the server.
        Prober prober = new Prober(forwarder.getHttpClient(), flags.nodes(), health, flags.probeEvery(), flags.probeTimeout());
        prober.start();
        return new BalancerNode(server, connector, forwarder, prober);
    }

    @Override
    public String url() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return "http://" + host + ":" + connector.getLocalPort();
    }

    /** Per node, in the order of --nodes: what was sent, what is in flight, what got no answer, and its health. */
    public List<NodeCounters> counters() {
        return forwarder.counters();
    }

    @Override
    public void close() throws IOException {
        prober.stop(); // first, so that the stopping client fails no check and ejects no node
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException("stopping the balancer: " + e.getMessage(), e);
        } finally {
            for (NodeCounters c : counters()) {
                log.info("{}: sent {}, in flight {}, failed {}, retried {}, ejected {} time(s){}", c.node(), c.sent(),
                        c.inFlight(), c.failed(), c.retried(), c.ejections(), c.ejected() ? ", out of service now" : "");
            }
        }
    }
}
