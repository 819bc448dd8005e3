package org.birthofds.bank;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first record of every journal names the chapter that wrote it and the format of its records,
 * as in {@code # bank journal: chapter 3, format keyed}. Every chapter is a copy of the one before,
 * with the same file name and the same framing, so without it a chapter would replay another's
 * journal: part of it, stopping at the first record it cannot read, or, worse, all of it, and then
 * serve another chapter's accounts as its own. The same file in every chapter; {@link Chapter}
 * says which one this is.
 *
 * <p>Only this chapter's own marker is accepted, even where another chapter's records would replay
 * (chapters 1 and 2 write the same ones): whoever starts a chapter means to start that chapter.
 *
 * <p>A journal with no marker, written before journals had one, is refused as well. Its records
 * cannot tell which chapter wrote it (chapter 1's and 2's are the same bytes, and chapter 4 writes
 * all of chapter 3's kinds), so accepting whatever parses would accept the very mix-up this is
 * here to stop; and what it held was a walkthrough's data, which a fresh directory rebuilds.
 */
final class JournalMarker {
    private static final String PREFIX = "# bank journal: ";
    private static final Pattern MARKER = Pattern.compile(Pattern.quote(PREFIX) + "chapter (\\d+), format (\\S+)");
    static final String TEXT = line(Chapter.NUMBER, Chapter.JOURNAL_FORMAT);

    private JournalMarker() {
    }

    /** The journal's first record does not name this chapter, so its records are not this chapter's to replay. */
    static final class Foreign extends IOException {
        private Foreign(Path file, String found) {
            super(file + " " + found + "; this is chapter " + Chapter.NUMBER + " (journal format "
                    + Chapter.JOURNAL_FORMAT + "): start with --data on an empty directory, or delete it if its data"
                    + " is not needed.");
        }
    }

    /** Any chapter's marker: this chapter writes its own, and a test plays the others. */
    static String line(int chapter, String format) {
        return PREFIX + "chapter " + chapter + ", format " + format;
    }

    /** Written, and forced, before the first command of a new journal. */
    static ByteBuffer record() {
        return JournalRecord.frame(TEXT);
    }

    /** @throws Foreign unless {@code first}, the text of the journal's first record, is this chapter's marker */
    static void check(Path file, String first) throws Foreign {
        if (first.equals(TEXT)) {
            return;
        }
        Matcher other = MARKER.matcher(first);
        if (other.matches()) {
            throw new Foreign(file, "was written by chapter " + other.group(1) + " (journal format " + other.group(2)
                    + ")");
        }
        if (first.startsWith(PREFIX)) {
            throw new Foreign(file, "starts with a marker this chapter cannot read, " + shown(first));
        }
        throw new Foreign(file, "has no marker naming the chapter that wrote it (its first record is " + shown(first)
                + "): it was written before journals had one, or by something else");
    }

    /** The first bytes are no record at all: another program's file, or a journal damaged at its very start. */
    static Foreign unreadable(Path file, String problem) {
        return new Foreign(file, "does not start with a journal record (" + problem + "): it is not a bank journal,"
                + " or its first bytes are damaged");
    }

    private static String shown(String text) {
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + "'";
    }
}
