package org.birthofds.bank.balancer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.birthofds.bank.node.AdminToken;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * GET /admin/nodes: the balancer's counters, per node. Only with --admin: an operator's view, not
 * part of the bank's API, so a balancer on a public address shows none of it by default. Every
 * other request goes on to the nodes.
 */
final class AdminEndpoint extends Handler.Wrapper {
    static final String PATH = "/admin/nodes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Supplier<List<NodeCounters>> counters;
    private final AdminToken token;

    AdminEndpoint(Handler next, Supplier<List<NodeCounters>> counters, AdminToken token) {
        super(next);
        this.counters = counters;
        this.token = token;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"GET".equals(request.getMethod()) || !PATH.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        boolean allowed = token.allows(request.getHeaders().get(AdminToken.HEADER));
        response.setStatus(allowed ? 200 : 401);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        byte[] body = allowed ? json(counters.get())
                : JSON.writeValueAsBytes(Map.of("error", "unauthorized", "message", PATH + " takes the operator's " + AdminToken.HEADER + "."));
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static byte[] json(List<NodeCounters> counters) throws JsonProcessingException {
        return JSON.writeValueAsBytes(counters);
    }
}
