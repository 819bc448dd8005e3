package org.birthofds.bank;

import java.nio.file.Path;

/**
 * Which chapter this copy of the bank is. Every chapter starts as a copy of the one before, so
 * without this each would find the others' data: each now keeps its own directory by default,
 * and names itself at the head of its journal ({@link JournalMarker}). Public for the launcher,
 * which gives every shard a directory inside it.
 */
public final class Chapter {
    static final int NUMBER = 4;
    /** The kinds of record this chapter's journal holds; a chapter that adds one names a new format. */
    static final String JOURNAL_FORMAT = "shards";
    /** Beside the other chapters' directories, never in them. */
    public static final Path DEFAULT_DATA = Path.of("bank-data", "chapter04");

    private Chapter() {
    }
}
