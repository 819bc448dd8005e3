package org.birthofds.bank.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 5, the cheap front door: calls and their answers as frames of bytes on a caller's
 * stream to a replica ({@link ShardStream}). A call is a number and a shard request's JSON, as
 * the caller wrote it; an answer is that number, a status and a body, as the replica's HTTP face
 * would answer. The number pairs them, since many calls are on their way at once and a replica
 * answers each when its entry commits. No headers to write or parse per call: the stream was
 * proven once, when it opened. A frame holds every item queued while the last one was written
 * ({@link Outbox}), so under load one frame carries many.
 */
public final class CallFrames {
    /** One call: its number on its stream, and the shard request's JSON. */
    public record Call(long id, String body) {
    }

    /** One answer: the call's number, and what the replica answered. */
    public record Answer(long id, Response response) {
    }

    private CallFrames() {
    }

    public static byte[] call(long id, String body) {
        return item(out -> {
            out.writeLong(id);
            text(out, body);
        });
    }

    public static byte[] answer(long id, Response response) {
        return item(out -> {
            out.writeLong(id);
            out.writeInt(response.status());
            text(out, response.body());
        });
    }

    /** @throws IllegalArgumentException if {@code frame} is not a frame of calls */
    public static List<Call> calls(byte[] frame) {
        return read(frame, in -> new Call(in.readLong(), text(in)));
    }

    /** @throws IllegalArgumentException if {@code frame} is not a frame of answers */
    public static List<Answer> answers(byte[] frame) {
        return read(frame, in -> new Answer(in.readLong(), new Response(in.readInt(), text(in))));
    }

    /** Items, each as {@link #call} or {@link #answer} wrote it, as one frame. */
    public static byte[] frame(List<byte[]> items) {
        int size = 4;
        for (byte[] item : items) {
            size += item.length;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(items.size());
            for (byte[] item : items) {
                out.write(item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array does not fail", e);
        }
        return bytes.toByteArray();
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] item(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array does not fail", e);
        }
        return bytes.toByteArray();
    }

    private static <T> List<T> read(byte[] frame, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame))) {
            int count = in.readInt();
            if (count < 0 || count > frame.length) {
                throw new IllegalArgumentException("a frame of " + count + " items in " + frame.length + " bytes");
            }
            List<T> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(reader.read(in));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes after the frame's last item");
            }
            return items;
        } catch (IOException e) {
            throw new IllegalArgumentException("a frame cut short", e);
        }
    }

    /** A text as a frame holds it, here and in the peers' frames ({@code group.Frames}): its length, then its UTF-8. */
    public static void text(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** @throws IllegalArgumentException if the length read is not that of a text inside the frame */
    public static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) { // a frame's array holds all of it: available() is exact
            throw new IllegalArgumentException("a text of " + length + " bytes");
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
