package org.birthofds.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.node.AdminToken;

/**
 * The tests' cluster secret: one file per test JVM, which every replica and logic node the tests
 * start is given ({@code --secret-file}), and a {@link Proof} of it for the tests' own calls to a
 * replica. Chapter 5's replicas refuse every call that does not prove it knows the secret.
 */
final class TestSecret {
    private static final Path FILE = write();
    private static final Path ADMIN_TOKEN = FILE.resolveSibling("admin.token");

    private TestSecret() {
    }

    static Path file() {
        return FILE;
    }

    static String path() {
        return FILE.toString();
    }

    /** The tests' operator token file, which every node started with --admin or --faults is given. */
    static String adminTokenPath() {
        return ADMIN_TOKEN.toString();
    }

    /** The operator's token itself, for a test's call to an admin endpoint. */
    static String adminToken() {
        try {
            return AdminToken.fromFile(ADMIN_TOKEN).value();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An operator's calls (moving accounts, a new shard map): the secret and the admin token. */
    static Proof operator() {
        return proof("operator").withAdminToken(adminToken());
    }

    /** Calls made as {@code caller}, with the tests' secret. */
    static Proof proof(String caller) {
        try {
            return Proof.fromFile(FILE, caller);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write() {
        try {
            Path dir = Files.createTempDirectory("bank-test-secret");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("cluster.secret");
            Proof.writeNewSecret(file);
            file.toFile().deleteOnExit();
            AdminToken.writeNew(dir.resolve("admin.token"));
            dir.resolve("admin.token").toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
