package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.birthofds.bank.JournalOnDisk.bytes;
import static org.birthofds.bank.JournalOnDisk.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every chapter is a copy of the one before, with the same journal file and framing, so each
 * names itself in its journal's first record ({@link JournalMarker}) and refuses a journal that
 * does not name it, before it applies a single record. The same file in every chapter.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForeignJournalTest {
    /** What each chapter's marker says; chapters that add a kind of record name a new format. */
    private static final Map<Integer, String> FORMATS = Map.of(1, "commands", 2, "commands", 3, "keyed", 4, "shards",
            5, "shards");
    private static final List<Command> COMMANDS = List.of(new Command.OpenAccount("alice"),
            new Command.Deposit("alice", 500));

    @TempDir
    Path data;

    @Test
    void a_journal_that_another_chapter_wrote_is_refused_naming_that_chapter_and_what_to_do() throws IOException {
        assertThat(FORMATS.get(Chapter.NUMBER)).as("this chapter's row in the table above")
                .isEqualTo(Chapter.JOURNAL_FORMAT);
        for (int other : FORMATS.keySet()) {
            if (other == Chapter.NUMBER) {
                continue;
            }
            byte[] journal = write(JournalMarker.line(other, FORMATS.get(other)), COMMANDS);
            List<Command> applied = new ArrayList<>();
            assertThatThrownBy(() -> Journal.open(data, applied::add).close())
                    .isInstanceOf(JournalMarker.Foreign.class)
                    .hasMessageStartingWith(data.resolve(Journal.FILE_NAME).toString())
                    .hasMessageContaining("was written by chapter " + other + " (journal format " + FORMATS.get(other)
                            + ")")
                    .hasMessageContaining("this is chapter " + Chapter.NUMBER)
                    .hasMessageContaining("start with --data on an empty directory, or delete it");
            assertThat(applied).as("not one of chapter %d's records was applied", other).isEmpty();
            assertThat(data.resolve(Journal.FILE_NAME)).as("a refused start changes nothing on disk")
                    .hasBinaryContent(journal);
        }
    }

    @Test
    void a_journal_of_this_chapter_in_a_format_it_does_not_know_is_refused() throws IOException {
        write(JournalMarker.line(Chapter.NUMBER, "later"), COMMANDS);
        assertThatThrownBy(() -> replay(data)).isInstanceOf(JournalMarker.Foreign.class)
                .hasMessageContaining("chapter " + Chapter.NUMBER + " (journal format later)");
    }

    @Test
    void a_journal_written_before_journals_had_a_marker_is_refused() throws IOException {
        write(null, COMMANDS);
        assertThatThrownBy(() -> replay(data)).isInstanceOf(JournalMarker.Foreign.class)
                .hasMessageContaining("has no marker naming the chapter that wrote it")
                .hasMessageContaining("(its first record is 'open alice')")
                .hasMessageContaining("this is chapter " + Chapter.NUMBER);
    }

    @Test
    void a_file_that_is_no_journal_at_all_is_refused() throws IOException {
        // lines of a replica's Raft journal, which is no bank journal
        Files.writeString(data.resolve(Journal.FILE_NAME), "H 3 s1r2\nL 1\nE 1 3 open alice\n");
        assertThatThrownBy(() -> replay(data)).isInstanceOf(JournalMarker.Foreign.class)
                .hasMessageContaining("does not start with a journal record (a record length of");
    }

    @Test
    void a_fresh_directory_gets_this_chapters_marker_first_and_its_journal_opens_again() throws IOException {
        try (Journal journal = Journal.open(data, command -> { })) {
            for (Command command : COMMANDS) {
                journal.write(command);
            }
        }
        byte[] marker = bytes(JournalRecord.frame(JournalMarker.TEXT));
        byte[] written = Files.readAllBytes(data.resolve(Journal.FILE_NAME));
        assertThat(Arrays.copyOf(written, marker.length)).isEqualTo(marker);
        assertThat(JournalMarker.TEXT)
                .isEqualTo("# bank journal: chapter " + Chapter.NUMBER + ", format " + Chapter.JOURNAL_FORMAT);
        assertThat(replay(data)).containsExactlyElementsOf(COMMANDS);
    }

    @Test
    void a_marker_that_a_crash_tore_is_written_again() throws IOException {
        byte[] marker = bytes(JournalRecord.frame(JournalMarker.TEXT));
        Files.write(data.resolve(Journal.FILE_NAME), Arrays.copyOf(marker, marker.length - 3));
        try (Journal journal = Journal.open(data, command -> { })) {
            assertThat(journal.replayed()).isZero();
            journal.write(COMMANDS.get(0));
        }
        assertThat(replay(data)).containsExactly(COMMANDS.get(0));
    }

    @Test
    void main_refuses_another_chapters_journal_in_one_line_without_a_stack_trace() throws Exception {
        int other = Chapter.NUMBER == 1 ? 2 : Chapter.NUMBER - 1;
        write(JournalMarker.line(other, FORMATS.get(other)), COMMANDS);
        ChildBank.Exit exit = ChildBank.runToExit("--data", data.toString());
        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output()).contains("was written by chapter " + other).doesNotContain("\tat ");
    }

    /** A journal as some chapter would have written it: its marker (none if null), then the commands. */
    private byte[] write(String marker, List<Command> commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (marker != null) {
            out.write(bytes(JournalRecord.frame(marker)));
        }
        for (Command command : commands) {
            out.write(bytes(JournalRecord.frame(command)));
        }
        Files.write(data.resolve(Journal.FILE_NAME), out.toByteArray());
        return out.toByteArray();
    }
}
