package org.birthofds.bank.api;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.JettyErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the data tier and the logic tier share as JSON servers: body limits, and every refusal
 * ({@link ApiError}) leaving as the API's error body, never as HTML or a stack trace. A 503
 * also says when to come back (Retry-After), as the API (top-level README.md) promises.
 */
public final class JsonServer {
    static final int MAX_BODY_BYTES = 64 * 1024;
    public static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger log = LoggerFactory.getLogger(JsonServer.class);

    private JsonServer() {
    }

    public static void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.http.maxRequestSize = MAX_BODY_BYTES;
        config.http.prefer405over404 = true;
        config.jetty.modifyServer(jetty -> jetty.setErrorHandler(new JettyErrors()));
        handlers(config.routes);
    }

    private static void handlers(RoutesConfig routes) {
        routes.exception(ApiError.class, (e, ctx) -> answer(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, fromJavalin(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, new ApiError(500, "internal_error", "The server failed unexpectedly; the error is in its log."));
        });
    }

    /** Javalin's own refusals (routing, body size) in the API's words. */
    private static ApiError fromJavalin(HttpResponseException e, Context ctx) {
        String message = switch (e.getStatus()) {
            case 404 -> "No endpoint at " + ctx.method() + " " + ctx.path() + ".";
            case 405 -> ctx.method() + " is not allowed on " + ctx.path() + ".";
            case 413 -> "The body is larger than " + MAX_BODY_BYTES + " bytes.";
            default -> e.getMessage() + ".";
        };
        return new ApiError(e.getStatus(), ApiError.codeFor(e.getStatus()), message);
    }

    private static void answer(Context ctx, ApiError e) {
        if (e.status == 503) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        ctx.status(e.status).json(new Bodies.Error(e.code, e.getMessage()));
    }
}
