package org.birthofds.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.birthofds.bank.api.JsonServer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives by itself, before a request reaches Javalin (a malformed URI or request
 * line, or a server that is stopping). They too are the API's JSON error body, never an HTML page.
 */
public final class JettyErrors extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int status, String reason, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (status == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, JsonServer.RETRY_AFTER_SECONDS);
        }
        response.write(true, ByteBuffer.wrap(body(status, reason)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String reason) {
        try {
            String message = status == 503
                    ? "This server is stopping, to restart; nothing was done. Retry in a moment."
                    : "The HTTP request could not be read: " + reason + ".";
            return JSON.writeValueAsBytes(new Bodies.Error(ApiError.codeFor(status), message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
