package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.node.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One replica per directory, between real processes: two replicas on one disk would write over
 * each other's term, vote and log, and a group would count one disk as two members. What
 * {@link JournalLockTest} shows for the bank's journal, for a replica's Raft journal.
 */
class RaftJournalLockTest {

    @Test
    void a_replica_in_another_process_holds_its_directory_until_it_is_killed(@TempDir Path data) throws Exception {
        // 1. A group of one, in its own JVM, serving from its journal in data.
        try (ChildBank first = ChildBank.startExactly(ReplicaMain.class, onPortZero(data))) {
            // 2. The same replica started in this JVM, another process, on the same directory: refused, naming it.
            assertThatThrownBy(() -> ReplicaMain.start(onPortZero(data)).close())
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("Another replica is already using " + data.toAbsolutePath() + ": ");
            // 3. kill -9: nothing releases the lock but the end of the process.
            first.kill();
        }
        // 4. A dead process holds no lock: the replica starts here, on the same directory.
        try (Node replica = ReplicaMain.start(onPortZero(data))) {
            assertThat(replica.url()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void a_second_replica_main_on_a_directory_this_process_holds_exits_with_one_line_naming_it(@TempDir Path data)
            throws Exception {
        try (Node held = ReplicaMain.start(onPortZero(data))) {
            ChildBank.Exit exit = ChildBank.runToExit(ReplicaMain.class, flags(data));
            assertThat(exit.code()).isEqualTo(1);
            assertThat(exit.output().lines().filter(line -> line.contains("Could not start")))
                    .singleElement().asString()
                    .contains("Another replica is already using " + data.toAbsolutePath() + ": ");
            assertThat(exit.output()).doesNotContain("\tat ").doesNotContain("listening on");
        }
    }

    /** A group of one, on 127.0.0.1 (the default host); {@link ChildBank#runToExit} adds the port itself. */
    private static String[] flags(Path data) {
        return new String[] {"--id", "r1", "--data", data.toString(), "--secret-file", TestSecret.path()};
    }

    private static String[] onPortZero(Path data) {
        return TestNodes.concat(new String[] {"--port", "0"}, flags(data));
    }
}
