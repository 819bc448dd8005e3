package org.birthofds.bank.website;

import org.birthofds.bank.Bodies;
import org.birthofds.bank.Worker;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;

/**
 * The bank as the website sees it: the public API (top-level README.md, "The API"), served by
 * the logic tier, and nothing else. The website never calls the data tier; it does not even know
 * where it is. Every call goes through a {@link Remote}, so a logic tier that is down or stuck
 * costs a page a bounded wait.
 */
final class BankApi {
    /**
     * No answer in time, or the logic tier's own 503: the customer can only come back later. A
     * write may or may not have happened; repeating it with the same Idempotency-Key settles it.
     */
    static final class Unavailable extends RuntimeException {
        Unavailable(String why) {
            super(why, null, false, false); // an expected outcome: no stack trace
        }
    }

    /** What the API replied: a success body, or one of its refusals, {"error": code, "message": one sentence}. */
    record Reply(int status, String json) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The success body, as the API's record for it. */
        <T> T as(Class<T> type) {
            try {
                return Bodies.read(json, type);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("The logic tier answered " + status + " with an unexpected body", e);
            }
        }

        String code() {
            return as(Bodies.Error.class).error();
        }

        String message() {
            return as(Bodies.Error.class).message();
        }
    }

    private final Remote remote;
    private final Worker worker;

    BankApi(Remote remote, Worker worker) {
        this.remote = remote;
        this.worker = worker;
    }

    Bodies.AccountList accounts() {
        Reply reply = call("GET", "/accounts", null, null);
        if (!reply.ok()) {
            throw new IllegalStateException("GET /accounts answered " + reply.status() + ": " + reply.json());
        }
        return reply.as(Bodies.AccountList.class);
    }

    Reply open(String id) {
        return call("POST", "/accounts", new Bodies.Open(id), null);
    }

    /** The ids come checked by {@link Form}: they are safe inside a path. */
    Reply deposit(String id, long amount, String key) {
        return call("POST", "/accounts/" + id + "/deposits", new Bodies.Change(amount), key);
    }

    Reply withdraw(String id, long amount, String key) {
        return call("POST", "/accounts/" + id + "/withdrawals", new Bodies.Change(amount), key);
    }

    Reply transfer(String from, String to, long amount, String key) {
        return call("POST", "/transfers", new Bodies.Transfer(from, to, amount), key);
    }

    private Reply call(String method, String path, Object body, String key) {
        String json = body == null ? null : Bodies.write(body);
        Response response = worker.run(method + " " + path, () -> {
            try {
                return remote.call(method, path, json, key);
            } catch (Unreachable e) {
                throw new Unavailable(e.getMessage());
            }
        });
        Reply reply = new Reply(response.status(), response.body());
        if (reply.status() == 503) {
            throw new Unavailable("the logic tier answered 503: " + reply.message());
        }
        return reply;
    }
}
