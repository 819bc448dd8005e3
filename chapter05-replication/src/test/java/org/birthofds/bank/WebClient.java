package org.birthofds.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser without the browser, for tests: GETs pages and POSTs forms as plain HTTP, as curl would. */
final class WebClient {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String url;

    WebClient(String url) {
        this.url = url;
    }

    /** A page as it arrived: status, headers, and the HTML. */
    record Page(int status, String html, String contentType, String retryAfter) {
        /** The balance shown for an account, such as "$12.50". */
        String balance(String id) {
            return find("id=\"balance-" + Pattern.quote(id) + "\">([^<]*)<");
        }

        String total() {
            return find("id=\"total\">([^<]*)<");
        }

        /** The message box's HTML, still escaped, as the browser receives it. */
        String message() {
            return find("<div id=\"message\"[^>]*>(.*?)</div>");
        }

        /** The hidden Idempotency-Key that the page put in one of its forms, such as "transfer". */
        String key(String form) {
            return find("(?s)<form id=\"" + form + "-form\".*?name=\"key\" value=\"([^\"]+)\"");
        }

        private String find(String regex) {
            Matcher m = Pattern.compile(regex).matcher(html);
            if (!m.find()) {
                throw new AssertionError("No match for " + regex + " in the page (status " + status + "):\n" + html);
            }
            return m.group(1);
        }
    }

    Page get(String path) {
        return join(getAsync(path));
    }

    CompletableFuture<Page> getAsync(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    /** Posts a form, as a browser does: {@code post("/deposit", "account", "alice", "amount", "12.50")}. */
    Page post(String path, String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return join(send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build()));
    }

    private CompletableFuture<Page> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Page(r.statusCode(), r.body(),
                r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Retry-After").orElse(null)));
    }

    private static Page join(CompletableFuture<Page> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }
}
