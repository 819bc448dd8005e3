package org.birthofds.bank.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.birthofds.bank.checks.History.Call;
import org.birthofds.bank.checks.History.Kind;
import org.birthofds.bank.checks.History.Op;
import org.birthofds.bank.checks.History.Type;
import org.birthofds.bank.data.Idempotency;

/**
 * One client of the bank, as careful as a client of a distributed bank must be. Every deposit,
 * withdrawal and transfer carries an Idempotency-Key of its own. When a try's outcome is unknown
 * (a 5xx, a timeout, a refused or cut connection), the client sends the same request again with
 * the same key, to the next front door, at most {@code tries} times and never later than the
 * retry window after the first try. The API promises that a repeat gets the first answer and
 * changes nothing more, so the retry is safe, and it turns most unknowns into answers.
 *
 * <p>However many tries it takes, the history holds one operation: invoked just before the first
 * try is sent, completed when the last answer arrives, as ok or fail if some try got a definite
 * answer. Whichever try took effect did so inside that span, which is all the checkers assume. If
 * no try got one, it is unknown: a try still in flight may land at any later time, and the
 * checkers allow exactly that. A retry that changed money a second time, or a refusal for a
 * write that did happen, is the bank breaking its promise, and the checkers will see it.
 */
final class CarefulClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long LONGEST_BACKOFF_MILLIS = 1_000;

    /** How one operation ended, and after how many tries. */
    record Done(Type outcome, int tries) {
    }

    private record Answer(int status, String body) {
    }

    private final String name;
    private final String keys;
    private final History history;
    private final HttpClient http;
    private final List<String> urls;
    private final Set<String> accounts;
    private final Duration tryTimeout;
    private final int tries;
    private final Duration window;
    private int writes;

    /** @param keys what makes this load's Idempotency-Keys its own: the client's name and a count follow it */
    CarefulClient(String name, String keys, History history, HttpClient http, LoadPlan plan, int tries, Duration window) {
        this.name = name;
        this.keys = keys;
        this.history = history;
        this.http = http;
        this.urls = plan.urls();
        this.accounts = Set.copyOf(plan.accounts());
        this.tryTimeout = plan.tryTimeout();
        this.tries = tries;
        this.window = window;
    }

    /** Performs {@code op}, first through front door number {@code door}, and records it; interrupted, it records unknown. */
    Done perform(Op op, int door) throws InterruptedException {
        boolean keyed = op.kind() == Kind.DEPOSIT || op.kind() == Kind.WITHDRAW || op.kind() == Kind.TRANSFER;
        String key = keyed ? keys + "-" + name + "-" + ++writes : null;
        Call call = history.invoke(name, op);
        long lastRetry = System.nanoTime() + window.toNanos();
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = send(urls.get((door + attempt - 1) % urls.size()), op, key);
            } catch (InterruptedException e) {
                history.unknown(call); // the load was closed mid-try
                throw e;
            }
            if (answer != null && answer.status() < 500) {
                return new Done(record(call, answer, attempt), attempt);
            }
            // Retry-After says whole seconds, longer than an election; the window is what bounds the wait.
            long backoff = Math.min(LONGEST_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
            if (attempt >= tries || System.nanoTime() + backoff * 1_000_000 > lastRetry) {
                history.unknown(call);
                return new Done(Type.UNKNOWN, attempt);
            }
            try {
                Thread.sleep(backoff); // a client's pause between tries, not a test waiting for luck
            } catch (InterruptedException e) {
                history.unknown(call);
                throw e;
            }
        }
    }

    /** One try: its answer (a 5xx too), or null when none came: a timeout, a refused or a cut connection. */
    private Answer send(String url, Op op, String key) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path(op))).timeout(tryTimeout);
        String json = body(op);
        if (json == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private Type record(Call call, Answer answer, int attempt) {
        Op op = call.op();
        if (answer.status() >= 400) {
            // A 409 to a repeated open means an earlier try of ours opened it; opening has no key to say so.
            if (op.kind() == Kind.OPEN && answer.status() == 409 && attempt > 1) {
                history.ok(call);
                return Type.OK;
            }
            history.fail(call);
            return Type.FAIL;
        }
        if (op.isRead()) {
            history.ok(call, balances(op, answer.body()));
        } else {
            history.ok(call);
        }
        return Type.OK;
    }

    /**
     * What a read saw. Only the load's own accounts are kept: others in the bank are not its
     * business, and their money would skew the totals the bank check sums.
     */
    private Map<String, Long> balances(Op op, String body) {
        try {
            JsonNode json = JSON.readTree(body);
            Map<String, Long> seen = new TreeMap<>();
            if (op.kind() == Kind.READ_ONE) {
                seen.put(op.account(), number(json.path("balance")));
                return seen;
            }
            for (JsonNode account : json.path("accounts")) {
                String id = account.path("id").asText();
                if (accounts.contains(id)) {
                    seen.put(id, number(account.path("balance")));
                }
            }
            return seen;
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError("The bank answered " + op + " with 2xx and not a balance: " + body, e);
        }
    }

    private static long number(JsonNode node) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("not a whole number of cents: " + node);
        }
        return node.asLong();
    }

    private static String path(Op op) {
        return switch (op.kind()) {
            case OPEN, READ_ALL -> "/accounts";
            case READ_ONE -> "/accounts/" + op.account();
            case DEPOSIT -> "/accounts/" + op.account() + "/deposits";
            case WITHDRAW -> "/accounts/" + op.account() + "/withdrawals";
            case TRANSFER -> "/transfers";
        };
    }

    // Account ids are only [a-z0-9_-] (the API), so they go into JSON and paths without escaping.
    private static String body(Op op) {
        return switch (op.kind()) {
            case OPEN -> "{\"id\":\"" + op.account() + "\"}";
            case DEPOSIT, WITHDRAW -> "{\"amount\":" + op.amount() + "}";
            case TRANSFER -> "{\"from\":\"" + op.account() + "\",\"to\":\"" + op.to() + "\",\"amount\":" + op.amount() + "}";
            case READ_ONE, READ_ALL -> null;
        };
    }
}
