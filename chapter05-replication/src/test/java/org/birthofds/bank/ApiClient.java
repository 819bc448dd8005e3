package org.birthofds.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.net.Proof;

/** A plain HTTP client for tests: the API seen from outside, exactly as curl sees it. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String url;
    private final Proof proof; // chapter 5: null, unless the client calls a replica, which asks the cluster's proof

    ApiClient(String url) {
        this(url, null);
    }

    ApiClient(String url, Proof proof) {
        this.url = url;
        this.proof = proof;
    }

    /** A status and a parsed JSON body. */
    record Reply(int status, JsonNode body, String contentType, String retryAfter) {
        String error() {
            return body.path("error").asText();
        }

        long balance() {
            return body.path("balance").asLong();
        }
    }

    Reply get(String path) {
        return send(request("GET", path, "").GET().build());
    }

    Reply post(String path, String json) {
        return send(post(path, json, "application/json"));
    }

    CompletableFuture<Reply> postAsync(String path, String json) {
        return http.sendAsync(post(path, json, "application/json"), HttpResponse.BodyHandlers.ofString())
                .thenApply(ApiClient::reply);
    }

    /** A POST with an Idempotency-Key: a repeat with the same key changes nothing more. */
    Reply postWithKey(String path, String json, String key) {
        return send(keyed(path, json, key));
    }

    CompletableFuture<Reply> postWithKeyAsync(String path, String json, String key) {
        return http.sendAsync(keyed(path, json, key), HttpResponse.BodyHandlers.ofString()).thenApply(ApiClient::reply);
    }

    private HttpRequest keyed(String path, String json, String key) {
        return request("POST", path, json).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    CompletableFuture<Reply> getAsync(String path) {
        return http.sendAsync(request("GET", path, "").GET().build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(ApiClient::reply);
    }

    Reply send(HttpRequest request) {
        try {
            return reply(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest post(String path, String body, String contentType) {
        return request("POST", path, body).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder builder = request(path);
        if (proof != null) {
            proof.headers(method, path, body).forEach(builder::header);
        }
        return builder;
    }

    Reply open(String id) {
        return post("/accounts", "{\"id\":\"" + id + "\"}");
    }

    Reply deposit(String id, long amount) {
        return post("/accounts/" + id + "/deposits", "{\"amount\":" + amount + "}");
    }

    Reply withdraw(String id, long amount) {
        return post("/accounts/" + id + "/withdrawals", "{\"amount\":" + amount + "}");
    }

    Reply transfer(String from, String to, long amount) {
        return post("/transfers", transferJson(from, to, amount));
    }

    Reply transfer(String from, String to, long amount, String key) {
        return postWithKey("/transfers", transferJson(from, to, amount), key);
    }

    static String transferJson(String from, String to, long amount) {
        return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}";
    }

    /** The scene of most boundary tests: alice holds 100, bob holds nothing. */
    ApiClient withAlice100AndBob0() {
        open("alice");
        open("bob");
        if (deposit("alice", 100).status() != 200) {
            throw new AssertionError("could not fund alice");
        }
        return this;
    }

    long balanceOf(String id) {
        return get("/accounts/" + id).balance();
    }

    /** The whole state as the API shows it: what "changes nothing" is checked against. */
    JsonNode everything() {
        return get("/accounts").body();
    }

    private static Reply reply(HttpResponse<String> response) {
        try {
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new AssertionError("Not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }
}
