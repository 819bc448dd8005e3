package org.birthofds.bank.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The generator reads the balances back on the connection that opened the accounts, which has then
 * sat idle through the whole run; a server closes idle connections (Jetty after 30 s). A read found
 * closed is sent again on a new connection. The stand-in here closes every connection after one
 * answer, without saying so, as an idle timeout does.
 */
class BankClientTest {

    @Test
    void a_read_on_a_connection_the_server_closed_meanwhile_is_sent_again_on_a_new_one() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BankClient bank = BankClient.connect("http://127.0.0.1:" + server.getLocalPort())) {
            Thread standIn = new Thread(() -> answerOncePerConnection(server));
            standIn.setDaemon(true);
            standIn.start();

            assertThat(bank.account("alice").status()).isEqualTo(200);
            assertThat(bank.account("alice").status()).isEqualTo(200); // its connection is closed by now
        }
    }

    private static void answerOncePerConnection(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                readHead(socket.getInputStream());
                byte[] body = "{\"id\":\"alice\",\"balance\":0}".getBytes(StandardCharsets.UTF_8);
                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().write(body);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                return; // closed at the end of the test
            }
        }
    }

    private static void readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; matched < 4 && (b = in.read()) != -1; ) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
