package org.birthofds.bank;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal as bytes, and what a start replays from it: for the tests that write a journal by hand
 * (another chapter's, a torn or damaged one) and open it as the bank would. The same file in every
 * chapter.
 */
final class JournalOnDisk {
    private JournalOnDisk() {
    }

    /** The bytes of a framed record, as the journal appends them; the buffer itself is left unread. */
    static byte[] bytes(ByteBuffer record) {
        byte[] all = new byte[record.remaining()];
        record.duplicate().get(all);
        return all;
    }

    /** Every command a start replays from the journal in {@code data}, in order; the journal is closed again. */
    static List<Command> replay(Path data) throws IOException {
        List<Command> replayed = new ArrayList<>();
        Journal.open(data, replayed::add).close();
        return replayed;
    }
}
