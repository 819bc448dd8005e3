package org.birthofds.bank;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A record before the end of the journal is not what was written. Starting anyway would
 * silently drop it and every record after it, so the bank refuses to start instead.
 */
final class JournalDamaged extends IOException {
    JournalDamaged(Path file, long offset, String problem, long size) {
        super("Journal " + file + " is damaged at offset " + offset + " of " + size + ": " + problem
                + ". Refusing to start rather than drop the " + (size - offset) + " bytes from there on."
                + " Inspect it with: xxd -s " + offset + " " + file + " | head");
    }
}
