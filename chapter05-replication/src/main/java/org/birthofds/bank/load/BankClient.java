package org.birthofds.bank.load;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bank's HTTP API (README.md, "The API") as method calls. Each calling thread gets its own kept-alive
 * connection and blocks until the answer arrives: a thread per simulated user is the simplest
 * model to read, and it is the closed loop by construction.
 */
final class BankClient implements AutoCloseable {

    /** Any answer the server gave, success or error; only a missing answer is an exception. */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final URI url;
    private final List<HttpConnection> opened = new CopyOnWriteArrayList<>();
    private final ThreadLocal<HttpConnection> connection;

    private BankClient(URI url) {
        this.url = url;
        this.connection = ThreadLocal.withInitial(() -> {
            HttpConnection c = new HttpConnection(url);
            opened.add(c);
            return c;
        });
    }

    static BankClient connect(String url) throws IOException {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException("not an http:// URL: " + url);
        }
        return new BankClient(uri);
    }

    String url() {
        return url.toString();
    }

    Answer health() throws IOException {
        return send("GET", "/health", null);
    }

    // Account ids are only [a-z0-9_-] (the API), so they go into JSON and paths without escaping.

    Answer openAccount(String id) throws IOException {
        return send("POST", "/accounts", "{\"id\":\"" + id + "\"}");
    }

    Answer deposit(String id, long amount) throws IOException {
        return send("POST", "/accounts/" + id + "/deposits", "{\"amount\":" + amount + "}");
    }

    Answer account(String id) throws IOException {
        return send("GET", "/accounts/" + id, null);
    }

    Answer transfer(String from, String to, long amount) throws IOException {
        return send("POST", "/transfers", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}");
    }

    private Answer send(String method, String path, String json) throws IOException {
        try {
            return connection.get().exchange(method, path, json);
        } catch (IOException e) {
            if (method.equals("GET")) {
                // A connection left idle through a long run (the one that opened the accounts, say) may have been
                // closed by the server meanwhile: a read is safe to send again, on a new connection.
                connection.get().close();
                connection.remove();
                try {
                    return connection.get().exchange(method, path, json);
                } catch (IOException again) {
                    e = again;
                }
            }
            throw new IOException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        opened.forEach(HttpConnection::close);
    }
}
