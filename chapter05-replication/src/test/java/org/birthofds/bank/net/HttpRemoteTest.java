package org.birthofds.bank.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clock seam: {@link HttpRemote} reads time only through its {@link Clock}, so a test decides
 * when a kept-alive connection is too old, without waiting 15 s.
 */
class HttpRemoteTest {
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private Thread acceptor;

    /** A server that answers every request on a connection with 200 {}, and counts the connections. */
    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread serve = new Thread(() -> answerEveryRequest(socket));
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return; // the test closed the server
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join();
    }

    @Test
    void a_connection_is_kept_alive_until_the_clock_says_it_may_be_closing() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        try (HttpRemote remote = new HttpRemote("test tier", URI.create("http://127.0.0.1:" + server.getLocalPort()),
                1000, 1000, now::get)) {
            assertThat(remote.call("GET", "/", null, null).status()).isEqualTo(200);
            now.addAndGet(14_000_000_000L);
            assertThat(remote.call("GET", "/", null, null).status()).isEqualTo(200);
            assertThat(connections).hasValue(1); // 14 s idle: reused

            now.addAndGet(16_000_000_000L);
            assertThat(remote.call("GET", "/", null, null).status()).isEqualTo(200);
            assertThat(connections).hasValue(2); // 16 s idle: the server may be closing it, so a new one
        }
    }

    private static void answerEveryRequest(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                    .getBytes(StandardCharsets.US_ASCII);
            int blankLine = 0; // requests have no body here: each ends with its blank line
            for (int c = in.read(); c != -1; c = in.read()) {
                blankLine = c == '\n' ? blankLine + 1 : c == '\r' ? blankLine : 0;
                if (blankLine == 2) {
                    out.write(answer);
                    out.flush();
                    blankLine = 0;
                }
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }
}
