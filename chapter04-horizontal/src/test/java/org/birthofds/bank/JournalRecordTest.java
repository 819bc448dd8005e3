package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.birthofds.bank.JournalOnDisk.bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The record format is what the README promises, byte for byte: recovery and every tool that
 * reads the journal rely on it, and a checksum that skipped the length would still agree with
 * itself. So the expected bytes are built here, independently of {@link JournalRecord}.
 */
class JournalRecordTest {

    @Test
    void a_record_is_its_length_then_the_crc32c_of_length_and_text_then_the_text() {
        byte[] text = "transfer 7 alice bob 250".getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(new byte[] {0, 0, 0, (byte) text.length});
        crc.update(text);
        ByteBuffer expected = ByteBuffer.allocate(8 + text.length).putInt(text.length).putInt((int) crc.getValue()).put(text);

        ByteBuffer framed = JournalRecord.frame(new Command.Transfer(7, "alice", "bob", 250));

        assertThat(framed.position()).isZero();
        assertThat(bytes(framed)).isEqualTo(expected.array());
        assertThat(JournalRecord.HEADER).isEqualTo(8);
    }

    @Test
    void the_checksum_changes_with_the_length_as_well_as_the_text() {
        byte[] text = "open alice".getBytes(StandardCharsets.UTF_8);
        assertThat(JournalRecord.checksum(text.length, text)).isNotEqualTo(JournalRecord.checksum(text.length + 1, text));
    }
}
