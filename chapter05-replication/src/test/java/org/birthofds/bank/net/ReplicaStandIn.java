package org.birthofds.bank.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A replica stand-in in raw HTTP/1.1, so that a test decides what a caller meets there: every
 * request answered as set, read and then cut off (a replica killed while working on it), or held
 * until the test lets it go (a replica frozen by SIGSTOP or a long pause).
 */
final class ReplicaStandIn implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile boolean cut;
    private volatile boolean holding;

    ReplicaStandIn() throws IOException {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread connection = new Thread(() -> serve(socket));
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void answers(int status, String body) {
        this.status = status;
        this.body = body;
    }

    void cuts() {
        cut = true;
    }

    /** From now on every request waits, unanswered, until {@link #release()}. */
    void holds() {
        holding = true;
    }

    void release() {
        released.countDown();
    }

    /** "METHOD PATH" of every request, in the order received. */
    List<String> received() {
        return List.copyOf(received);
    }

    List<String> keys() {
        return List.copyOf(keys);
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            while (true) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                for (String line : head.split("\r\n")) {
                    String lower = line.toLowerCase();
                    if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    } else if (lower.startsWith("idempotency-key:")) {
                        keys.add(line.substring(16).trim());
                    }
                }
                in.readNBytes(length);
                String[] request = head.split(" ");
                received.add(request[0] + " " + request[1]);
                if (holding && !released.await(60, TimeUnit.SECONDS)) {
                    return;
                }
                if (cut) {
                    socket.setSoLinger(true, 0); // a reset, as a process killed mid-request
                    return;
                }
                byte[] answer = body.getBytes(StandardCharsets.UTF_8);
                socket.getOutputStream().write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + answer.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().write(answer);
                socket.getOutputStream().flush();
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) != -1; ) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }
}
