package org.birthofds.bank.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A new random secret, as hex, in a file only this user may read: the cluster's secret, the operator's token. */
public final class SecretFile {
    private SecretFile() {
    }

    public static String write(Path file, int randomBytes) throws IOException {
        byte[] random = new byte[randomBytes];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n");
        return secret;
    }
}
