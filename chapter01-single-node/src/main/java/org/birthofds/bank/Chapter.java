package org.birthofds.bank;

import java.nio.file.Path;

/**
 * Which chapter this copy of the bank is. Every chapter starts as a copy of the one before, so
 * without this each would find the others' data: each now keeps its own directory by default,
 * and names itself at the head of its journal ({@link JournalMarker}).
 */
final class Chapter {
    static final int NUMBER = 1;
    /** The kinds of record this chapter's journal holds; a chapter that adds one names a new format. */
    static final String JOURNAL_FORMAT = "commands";
    /** Beside the other chapters' directories, never in them. */
    static final Path DEFAULT_DATA = Path.of("bank-data", "chapter01");

    private Chapter() {
    }
}
