package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.birthofds.bank.JournalOnDisk.bytes;
import static org.birthofds.bank.JournalOnDisk.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes on disk that are not what was written. A torn last record (the crash came mid-append,
 * before any answer) is cut off; damage before the end stops the start, naming file and offset.
 */
class DamagedJournalTest {
    private static final int RECORDS = 10;

    @TempDir
    Path data;
    private Path file;
    private final List<Long> offsets = new ArrayList<>();

    @BeforeEach
    void writeTenRecords() throws IOException {
        file = data.resolve(Journal.FILE_NAME);
        try (Journal journal = Journal.open(data, command -> { })) {
            long offset = Files.size(file); // after the marker
            for (Command command : commands()) {
                offsets.add(offset);
                offset += JournalRecord.frame(command).remaining();
                journal.write(command);
            }
        }
    }

    @Test
    void an_intact_journal_replays_every_record() throws IOException {
        assertThat(replay(data)).containsExactlyElementsOf(commands());
        try (Journal journal = Journal.open(data, command -> { })) {
            assertThat(journal.replayed()).isEqualTo(RECORDS);
        }
        try (var files = Files.list(data)) {
            assertThat(files).as("nothing was cut").containsExactlyInAnyOrder(file, data.resolve(Journal.LOCK_FILE));
        }
    }

    @Test
    void a_zero_header_with_bytes_that_are_not_zeros_after_it_refuses_the_start() throws IOException {
        long end = Files.size(file);
        append(new byte[JournalRecord.HEADER]);
        append(bytes(JournalRecord.frame(new Command.Deposit("alice", 7))));
        assertThatThrownBy(() -> replay(data))
                .isInstanceOf(JournalDamaged.class)
                .hasMessageContaining("offset " + end + " ");
    }

    @Test
    void a_torn_header_at_the_end_is_cut_off_and_every_whole_record_kept() throws IOException {
        long intact = Files.size(file);
        append(new byte[] {0, 0, 0});
        assertThat(replay(data)).containsExactlyElementsOf(commands());
        assertThat(Files.size(file)).isEqualTo(intact);
    }

    @Test
    void a_last_record_cut_short_is_cut_off() throws IOException {
        long lastStart = offsets.get(RECORDS - 1);
        truncate(lastStart + JournalRecord.HEADER + 2);
        assertThat(replay(data)).containsExactlyElementsOf(commands().subList(0, RECORDS - 1));
        assertThat(Files.size(file)).isEqualTo(lastStart);
    }

    @Test
    void a_last_record_with_a_bad_checksum_is_cut_off() throws IOException {
        flipByte(Files.size(file) - 1);
        assertThat(replay(data)).containsExactlyElementsOf(commands().subList(0, RECORDS - 1));
    }

    @Test
    void zero_filled_space_after_the_last_record_is_cut_off() throws IOException {
        append(new byte[4096]);
        assertThat(replay(data)).containsExactlyElementsOf(commands());
    }

    @Test
    void the_cut_bytes_are_kept_beside_the_journal() throws IOException {
        long intact = Files.size(file);
        byte[] torn = {0, 0, 0, 42, 1, 2};
        append(torn);
        replay(data);
        assertThat(data.resolve(Journal.FILE_NAME + ".torn-at-" + intact)).hasBinaryContent(torn);
    }

    @Test
    void writes_after_a_cut_tail_are_replayed_on_the_next_start() throws IOException {
        append(new byte[] {0, 0});
        Command extra = new Command.Deposit("alice", 7);
        try (Journal journal = Journal.open(data, command -> { })) {
            journal.write(extra);
        }
        List<Command> expected = new ArrayList<>(commands());
        expected.add(extra);
        assertThat(replay(data)).containsExactlyElementsOf(expected);
    }

    @Test
    void a_bad_checksum_before_the_end_refuses_the_start_naming_file_and_offset() throws IOException {
        long damaged = offsets.get(3);
        flipByte(damaged + JournalRecord.HEADER + 1);
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> replay(data))
                .isInstanceOf(JournalDamaged.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("offset " + damaged + " ")
                .hasMessageContaining("checksum");
        assertThat(file).as("a refused start changes nothing on disk").hasBinaryContent(before);
    }

    @Test
    void an_impossible_length_before_the_end_refuses_the_start() throws IOException {
        long damaged = offsets.get(5);
        flipByte(damaged); // the length's high byte: a length of many megabytes
        assertThatThrownBy(() -> replay(data))
                .isInstanceOf(JournalDamaged.class)
                .hasMessageContaining("offset " + damaged + " ")
                .hasMessageContaining("length");
    }

    @Test
    void main_refuses_to_start_on_a_damaged_journal_and_says_where() throws Exception {
        flipByte(offsets.get(2) + JournalRecord.HEADER);
        ChildBank.Exit exit = ChildBank.runToExit("--data", data.toString());
        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output()).contains("is damaged at offset " + offsets.get(2)).doesNotContain("\tat ");
    }

    @Test
    void a_second_bank_on_the_same_data_directory_is_refused() throws IOException {
        try (Journal first = Journal.open(data, command -> { })) {
            assertThatThrownBy(() -> Journal.open(data, command -> { }))
                    .hasMessageContaining("Another bank is already using");
        }
    }

    private static List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        commands.add(new Command.OpenAccount("alice"));
        commands.add(new Command.OpenAccount("bob"));
        for (int i = 1; i <= RECORDS - 2; i++) {
            commands.add(i % 2 == 0 ? new Command.Deposit("alice", 100 * i) : new Command.Transfer(i, "alice", "bob", i));
        }
        return commands;
    }

    private void append(byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private void truncate(long size) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, (int) size));
    }

    private void flipByte(long at) throws IOException {
        byte[] all = Files.readAllBytes(file);
        all[(int) at] ^= 0x5A;
        Files.write(file, all);
    }
}
