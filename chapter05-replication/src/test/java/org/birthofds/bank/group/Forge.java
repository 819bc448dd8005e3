package org.birthofds.bank.group;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.net.CallFrames;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.ShardStream;
import org.birthofds.bank.replication.Message;

/** For the tests that play an intruder: a Raft message as a replica's {@code POST /raft} takes it, or as its peers' stream does. */
public final class Forge {
    private Forge() {
    }

    public static String json(Message message) {
        return Wire.write(message);
    }

    /**
     * Opens the replica's peer stream at {@code url}, proven by {@code proof} (null: not at all), and
     * sends {@code message} in one frame: 101 (switched protocols) if the stream opened, else the
     * status its opening was refused with.
     */
    public static int stream(String url, Proof proof, Message message) throws Exception {
        return open(url, GroupServer.STREAM, proof, Frames.write(List.of(message)));
    }

    /**
     * Opens the replica's callers' stream ({@code net.ShardStream}) at {@code url}, proven by
     * {@code proof} (null: not at all), and sends a call of {@code request} on it: 101 if the stream
     * opened, else the status its opening was refused with.
     */
    public static int call(String url, Proof proof, String request) throws Exception {
        return open(url, ShardStream.PATH, proof, CallFrames.frame(List.of(CallFrames.call(1, request))));
    }

    private static int open(String url, String path, Proof proof, byte[] frame) throws Exception {
        URI replica = URI.create(url);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (proof != null) {
            proof.headers("GET", path, null).forEach(builder::header);
        }
        try {
            WebSocket open = builder.buildAsync(URI.create("ws://" + replica.getHost() + ":" + replica.getPort() + path),
                    new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS);
            open.sendBinary(ByteBuffer.wrap(frame), true).get(5, TimeUnit.SECONDS);
            open.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }
}
