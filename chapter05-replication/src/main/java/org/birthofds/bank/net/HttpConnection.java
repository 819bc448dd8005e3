package org.birthofds.bank.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One kept-alive HTTP/1.1 connection between two tiers, used by one thread at a time: the load
 * generator's connection (chapter 2, {@code load}), with a connect timeout and a request timeout
 * of its own and extra headers. A timeout of 0 waits forever, which is how a hung server hangs
 * its callers. The request is written and its answer read on the caller's own thread: no
 * hand-off to an I/O thread and back, which on our 2-core machine costs more than the work.
 */
final class HttpConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private Socket socket;
    private BufferedOutputStream out;
    private InputStream in;
    private boolean sending; // the last exchange got as far as writing its request

    HttpConnection(URI url, int connectTimeoutMs, int requestTimeoutMs) {
        this.host = url.getHost();
        this.port = url.getPort() == -1 ? 80 : url.getPort();
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /** Sends one request, with extra headers such as {@code Idempotency-Key}, and returns its answer. */
    Response exchange(String method, String path, String json, Map<String, String> headers)
            throws IOException {
        sending = false;
        if (socket == null) {
            connect();
        }
        sending = true;
        try {
            out.write(request(method, path, json, headers));
            out.flush();
            return readAnswer();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private byte[] request(String method, String path, String json, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(160)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (json == null) {
            return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n\r\n").append(json);
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Response readAnswer() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12)); // "HTTP/1.1 200 OK"
        int length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String name = header.substring(0, header.indexOf(':')).trim().toLowerCase();
            String value = header.substring(header.indexOf(':') + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        String body = new String(chunked ? chunks() : exactly(Math.max(length, 0)), StandardCharsets.UTF_8);
        if (closeAfter) {
            close();
        }
        return new Response(code, body);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
            body.write(exactly(size));
            line(); // the CRLF after each chunk
        }
        line(); // the CRLF after the last, empty chunk
        return body.toByteArray();
    }

    private byte[] exactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("the server closed the connection mid-answer");
        }
        return bytes;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new EOFException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true); // a request is one small write: send it now, not after 40 ms
        s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        s.setSoTimeout(requestTimeoutMs); // how long any one wait for the answer may take
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 1024);
        in = new BufferedInputStream(s.getInputStream(), 8192);
    }

    /** Whether the last exchange began to send its request: if not, it failed while connecting, and nothing happened. */
    boolean wasSent() {
        return sending;
    }

    /** True once a request has opened the socket, until an error or the server closes it. */
    boolean isOpen() {
        return socket != null;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection we no longer need: nothing to act on
            }
            socket = null;
        }
    }
}
