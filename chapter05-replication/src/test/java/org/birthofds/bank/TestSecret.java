package org.birthofds.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.birthofds.bank.net.Proof;

/**
 * The tests' cluster secret: one file per test JVM, which every replica and logic node the tests
 * start is given ({@code --secret-file}), and a {@link Proof} of it for the tests' own calls to a
 * replica. Chapter 5's replicas refuse every call that does not prove it knows the secret.
 */
final class TestSecret {
    private static final Path FILE = write();

    private TestSecret() {
    }

    static Path file() {
        return FILE;
    }

    static String path() {
        return FILE.toString();
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
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
