package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After a failed force, what reached the disk is unknown: retrying could answer a write whose
 * bytes are gone. So the journal takes no more writes, even once the disk seems to work again.
 */
class FailedForceTest {
    private static final Path DATA = Path.of("/failed-force/bank-data");

    @Test
    void after_a_failed_force_the_journal_refuses_every_write_even_when_the_disk_works_again() throws IOException {
        MemoryDisk disk = new MemoryDisk();
        try (Journal journal = Journal.open(disk, DATA, command -> {
        })) {
            journal.write(new Command.OpenAccount("alice"));
            disk.failNextForce();
            assertThatThrownBy(() -> journal.write(new Command.Deposit("alice", 5)))
                    .isInstanceOf(IOException.class).hasMessageContaining("could not write a sector");
            long operationsBefore = disk.operations();
            assertThatThrownBy(() -> journal.write(new Command.Deposit("alice", 7)))
                    .isInstanceOf(IOException.class).hasMessageContaining("takes no more writes");
            assertThat(disk.operations()).as("the refused write never reached the disk").isEqualTo(operationsBefore);
        }
        List<Command> replayed = new ArrayList<>();
        Journal.open(disk, DATA, replayed::add).close();
        assertThat(replayed).doesNotContain(new Command.Deposit("alice", 7));
    }
}
