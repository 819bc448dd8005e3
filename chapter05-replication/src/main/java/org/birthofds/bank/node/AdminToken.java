package org.birthofds.bank.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Chapter 5: the operator's token. An admin or fault endpoint (moving accounts, a new shard map, a
 * replica cut off, a balancer's counters) answers only a call that carries it in
 * {@value #HEADER}, besides needing its flag: a flag says the endpoint exists, the token says who
 * may use it. The launcher writes a new one into its data directory and prints it; a node is given
 * it with {@code --admin-token-file}.
 */
public final class AdminToken {
    public static final String HEADER = "X-Admin-Token";

    private final byte[] token;

    private AdminToken(String token) {
        if (token.length() < 16) {
            throw new IllegalArgumentException("An admin token needs at least 16 characters: openssl rand -hex 16");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public static AdminToken fromFile(Path file) throws IOException {
        return new AdminToken(Files.readString(file).trim());
    }

    /** A new random token (128 bits, as hex), in a file only this user may read. */
    public static AdminToken writeNew(Path file) throws IOException {
        return new AdminToken(SecretFile.write(file, 16));
    }

    /**
     * The {@code --admin-token-file} flag: required where an admin or fault endpoint is served (a
     * flag alone would let anyone who reaches the port in); null where none is.
     */
    public static Path flag(CommandLine line, boolean needed) {
        String file = line.text("--admin-token-file", "");
        if (needed && file.isEmpty()) {
            throw new IllegalArgumentException("Admin and fault endpoints need --admin-token-file: the operator's token,"
                    + " which they ask of every call (openssl rand -hex 16 > admin.token).");
        }
        return file.isEmpty() ? null : Path.of(file);
    }

    /** The token in the flag's file, or null when the flag was not given. */
    public static AdminToken fromFlag(Path file) throws IOException {
        return file == null ? null : fromFile(file);
    }

    /** True if {@code presented} is this token; compared in constant time. */
    public boolean allows(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** What a caller sends: only the launcher and its tools hold it. */
    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "the admin token"; // never the token itself
    }
}
