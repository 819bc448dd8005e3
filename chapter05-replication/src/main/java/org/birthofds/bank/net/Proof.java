package org.birthofds.bank.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.birthofds.bank.Bank;
import org.birthofds.bank.node.AdminToken;
import org.birthofds.bank.node.SecretFile;

/**
 * Chapter 5: proof that a call comes from inside the cluster. Any process on a machine can reach a
 * replica's port, and Raft believes what its peers say; so every internal call (a Raft message,
 * a logic node's request to a shard) carries an HMAC-SHA256 of its method, path, caller and body,
 * keyed by a secret the cluster's processes share and nobody else knows. A call without a valid
 * proof is refused (401) before anything reads it. The secret lives in a file: the launcher writes
 * one, and a group started by hand is given one ({@code openssl rand -hex 32 > cluster.secret}).
 */
public final class Proof {
    public static final String CALLER = "X-Bank-Caller";
    public static final String HEADER = "X-Bank-Proof";
    private static final int MIN_SECRET_BYTES = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs; // one per thread: a Mac is not thread-safe, and making one each call costs more than the HMAC
    private final String caller;
    private final String adminToken; // null: a node's calls; an operator's also carry the admin token

    private Proof(byte[] secret, String caller) {
        this(secret, caller, null);
    }

    private Proof(byte[] secret, String caller, String adminToken) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("A cluster secret needs at least " + MIN_SECRET_BYTES + " bytes, not "
                    + secret.length + ": openssl rand -hex 32 > cluster.secret");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is in every JDK", e);
            }
        });
        this.caller = caller;
        this.adminToken = adminToken;
    }

    /** The secret in {@code file} (its text, trimmed), for calls made as {@code caller}. */
    public static Proof fromFile(Path file, String caller) throws IOException {
        return new Proof(Files.readString(file).trim().getBytes(StandardCharsets.UTF_8), caller);
    }

    public static Proof of(String secret, String caller) {
        return new Proof(secret.getBytes(StandardCharsets.UTF_8), caller);
    }

    /** Writes a new random secret (256 bits, as hex) that only this user may read, and returns it. */
    public static String writeNewSecret(Path file) throws IOException {
        return SecretFile.write(file, 32);
    }

    /** The same secret, for calls made as another caller. */
    public Proof as(String otherCaller) {
        return new Proof(key.getEncoded(), otherCaller, adminToken);
    }

    /** The same, for an operator's calls, which also carry the admin token ({@code node.AdminToken}). */
    public Proof withAdminToken(String token) {
        return new Proof(key.getEncoded(), caller, token);
    }

    public String caller() {
        return caller;
    }

    /** The headers that prove this call: who makes it, and the HMAC over it. */
    public Map<String, String> headers(String method, String path, String body) {
        String proof = sign(caller, method, path, body);
        return adminToken == null ? Map.of(CALLER, caller, HEADER, proof)
                : Map.of(CALLER, caller, HEADER, proof, AdminToken.HEADER, adminToken);
    }

    /** True if {@code proof} is this secret's HMAC of the call: only a holder of the secret can make one. */
    public boolean holds(String claimedCaller, String method, String path, String body, String proof) {
        if (claimedCaller == null || proof == null) {
            return false;
        }
        byte[] expected = sign(claimedCaller, method, path, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, proof.getBytes(StandardCharsets.US_ASCII)); // in constant time
    }

    private String sign(String who, String method, String path, String body) {
        String signed = method + " " + path + "\n" + who + "\n" + (body == null ? "" : body);
        return Base64.getEncoder().encodeToString(macs.get().doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "the cluster's secret, as " + caller; // never the secret itself
    }
}
