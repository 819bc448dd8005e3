package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bank per data directory, between real processes: two banks appending to one journal would
 * interleave their records. A bank in one JVM and a bank in another is the case that matters,
 * and the one a single JVM cannot show: inside one JVM the JVM's own table of locks refuses a
 * second lock on a file even when the operating system has already dropped the first (on Linux,
 * closing any handle of a file drops all of the process's locks on it, and replay reads the
 * journal through a handle of its own).
 */
class JournalLockTest {

    @Test
    void a_bank_in_another_process_holds_its_directory_until_it_is_killed(@TempDir Path data) throws Exception {
        // 1. A bank in its own JVM, serving: its start replayed the journal, and it has written to it since.
        try (ChildBank first = ChildBank.start("--data", data.toString())) {
            assertThat(new ApiClient(first.url()).open("alice").status()).isEqualTo(201);
            // 2. This JVM, another process, is refused, told which directory and why, and replays nothing.
            List<Command> applied = new ArrayList<>();
            assertThatThrownBy(() -> Journal.open(data, applied::add).close())
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("Another bank is already using " + data.toAbsolutePath() + ": ");
            assertThat(applied).isEmpty();
            // 3. kill -9: no shutdown hook runs, nothing releases the lock but the end of the process.
            first.kill();
        }
        // 4. A dead process holds no lock: the directory opens, with the first bank's record in it.
        List<Command> applied = new ArrayList<>();
        try (Journal journal = Journal.open(data, applied::add)) {
            assertThat(applied).containsExactly(new Command.OpenAccount("alice"));
        }
    }

    @Test
    void a_second_main_on_a_directory_this_process_holds_exits_with_one_line_naming_it(@TempDir Path data)
            throws Exception {
        try (Journal held = Journal.open(data, command -> { })) {
            held.write(new Command.OpenAccount("alice"));
            // A second try from this JVM is refused, and the refusal must not let go of the lock it held.
            assertThatThrownBy(() -> Journal.open(data, command -> { }).close())
                    .hasMessageStartingWith("Another bank is already using " + data.toAbsolutePath() + ": ");
            // Main in another JVM: refused in one line that names the directory, with no stack trace.
            ChildBank.Exit exit = ChildBank.runToExit("--data", data.toString());
            assertThat(exit.code()).isEqualTo(1);
            assertThat(exit.output().lines().filter(line -> line.contains("Could not start")))
                    .singleElement().asString()
                    .contains("Another bank is already using " + data.toAbsolutePath() + ": ");
            assertThat(exit.output()).doesNotContain("\tat ").doesNotContain("listening on");
        }
    }

    @Test
    void a_journal_closed_again_late_does_not_let_go_of_the_next_banks_lock(@TempDir Path data) throws IOException {
        Journal first = Journal.open(data, command -> { });
        first.close();
        try (Journal second = Journal.open(data, command -> { })) {
            first.close(); // again, and late: it holds nothing now, so it must free nothing
            assertThatThrownBy(() -> Journal.open(data, command -> { }).close())
                    .hasMessageStartingWith("Another bank is already using " + data.toAbsolutePath() + ": ");
        }
    }
}
