package org.birthofds.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.birthofds.bank.load.HttpConnection;

/**
 * The logic tier as the website sees it: the public API (top-level README.md, "The API"), and nothing else.
 * The website never calls the data tier; it does not even know where it is. Every call goes
 * through {@link Remote}, so a logic tier that is down or stuck costs a page a bounded wait.
 */
final class LogicTier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * No answer in time, or the logic tier's own 503: the customer can only come back later. A
     * write may or may not have happened; repeating it with the same Idempotency-Key settles it.
     */
    static final class Unavailable extends RuntimeException {
        Unavailable(String why) {
            super(why, null, false, false); // an expected outcome: no stack trace
        }
    }

    /** A success body, or one of the API's refusals: {"error": code, "message": one sentence}. */
    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String code() {
            return body.path("error").asText();
        }

        String message() {
            return body.path("message").asText();
        }
    }

    private record Open(String id) {
    }

    private record Change(long amount) {
    }

    private record Transfer(String from, String to, long amount) {
    }

    private final Remote remote;
    private final Worker worker;

    LogicTier(Remote remote, Worker worker) {
        this.remote = remote;
        this.worker = worker;
    }

    Bodies.AccountList accounts() {
        Reply reply = call("GET", "/accounts", null, null);
        if (!reply.ok()) {
            throw new IllegalStateException("GET /accounts answered " + reply.status() + ": " + reply.body());
        }
        try {
            return JSON.treeToValue(reply.body(), Bodies.AccountList.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("GET /accounts answered an unexpected body: " + reply.body(), e);
        }
    }

    Reply open(String id) {
        return call("POST", "/accounts", new Open(id), null);
    }

    /** The ids come checked by {@link Form}: they are safe inside a path. */
    Reply deposit(String id, long amount, String key) {
        return call("POST", "/accounts/" + id + "/deposits", new Change(amount), key);
    }

    Reply withdraw(String id, long amount, String key) {
        return call("POST", "/accounts/" + id + "/withdrawals", new Change(amount), key);
    }

    Reply transfer(String from, String to, long amount, String key) {
        return call("POST", "/transfers", new Transfer(from, to, amount), key);
    }

    private Reply call(String method, String path, Object body, String key) {
        String json = body == null ? null : write(body);
        HttpConnection.Answer answer = worker.run(method + " " + path, () -> {
            try {
                return remote.call(method, path, json, key);
            } catch (Remote.Unreachable e) {
                throw new Unavailable(e.getMessage());
            }
        });
        Reply reply = new Reply(answer.status(), read(answer.body()));
        if (reply.status() == 503) {
            throw new Unavailable("the logic tier answered 503: " + reply.message());
        }
        return reply;
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The logic tier answered something that is not JSON: "
                    + ApiError.quote(body), e);
        }
    }
}
