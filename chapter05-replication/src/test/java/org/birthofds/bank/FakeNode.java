package org.birthofds.bank;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a logic node, in raw HTTP/1.1 over a socket, so that a test decides what the
 * balancer meets there: GET /health answered 200 or 503 as the test says, and every other request
 * either answered 200 (with X-Served-By, like a logic node) or read to its last byte and then cut
 * off with a TCP reset, as a node killed while working on it. A real logic node cannot be made to
 * die at exactly that point; this one does it every time.
 */
final class FakeNode implements AutoCloseable {
    /** What a request other than GET /health gets. */
    enum Requests { ANSWERED, CUT_OFF }

    /** A request as the node received it, health checks apart. */
    record Received(String method, String path, String idempotencyKey) {
    }

    private final String name;
    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Requests requests;
    private volatile int healthStatus = 200;

    private FakeNode(String name, Requests requests) throws IOException {
        this.name = name;
        this.requests = requests;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-node-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FakeNode start(String name, Requests requests) throws IOException {
        return new FakeNode(name, requests);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, GET /health is answered with this status. */
    void healthAnswers(int status) {
        healthStatus = status;
    }

    /** Every request other than a health check, in the order received. */
    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "fake-node-" + name + "-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One connection, kept alive from request to request, as the balancer's client keeps it. */
    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return; // the balancer closed the connection
                }
                String[] requestLine = head.lines().findFirst().orElse("").split(" ");
                String method = requestLine[0];
                String path = requestLine.length > 1 ? requestLine[1] : "";
                in.readNBytes(contentLength(head));
                if (method.equals("GET") && path.equals("/health")) {
                    answer(out, healthStatus, "{\"status\":\"" + (healthStatus == 200 ? "ok" : "sick") + "\",\"node\":\"" + name + "\"}");
                    continue;
                }
                received.add(new Received(method, path, header(head, "idempotency-key")));
                if (requests == Requests.CUT_OFF) {
                    socket.setSoLinger(true, 0); // close with a reset: no answer, not even an end of stream
                    return;
                }
                answer(out, 200, "{\"fake\":\"" + name + "\"}");
            }
        } catch (SocketException e) {
            // the balancer went away mid-request
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(OutputStream out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Service Unavailable") + "\r\n"
                + "Content-Type: application/json\r\nX-Served-By: " + name + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The request line and headers, up to the blank line; null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        for (int b; (b = in.read()) != -1; ) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        String value = header(head, "content-length");
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static String header(String head, String lowerCaseName) {
        return head.lines().skip(1)
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(lowerCaseName + ":"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse(null);
    }
}
