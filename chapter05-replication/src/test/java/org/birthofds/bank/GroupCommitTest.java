package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** More storage bandwidth from the same disk: concurrent writers share one force. */
class GroupCommitTest {
    private static final int WRITERS = 16;

    @Test
    void sixteen_concurrent_writers_share_fewer_forces_than_writes(@TempDir Path data) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (Journal journal = Journal.open(data, command -> {
        })) {
            // 1. the first writer to reach the disk is held just before its force, like a slow disk
            Hold hold = Hold.onNextForce(journal);
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                Command open = new Command.OpenAccount("writer-" + i);
                writes.add(CompletableFuture.runAsync(() -> write(journal, open), pool));
            }
            hold.awaitHeld();
            // 2. meanwhile every other writer appends its record behind it
            await().atMost(Duration.ofSeconds(30)).until(() -> journal.writes() == WRITERS);
            // 3. and none is answered yet: each waits for a force that covers its own record
            assertThat(writes).noneMatch(CompletableFuture::isDone);
            // 4. one force then makes all sixteen durable
            hold.release();
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(journal.forces()).isEqualTo(1).isLessThan(journal.writes());
        } finally {
            pool.shutdownNow();
        }
        // 5. and a restart finds all sixteen records
        try (Journal reopened = Journal.open(data, command -> {
        })) {
            assertThat(reopened.replayed()).isEqualTo(WRITERS);
        }
    }

    @Test
    void a_record_appended_while_a_force_runs_waits_for_a_force_of_its_own() throws Exception {
        MemoryDisk disk = new MemoryDisk();
        Path data = Path.of("/group-commit/bank-data");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Journal journal = Journal.open(disk, data, command -> {
        })) {
            // 1. the first writer's force is done; before it says what it covered, a second writer appends
            AtomicBoolean first = new AtomicBoolean(true);
            AtomicReference<CompletableFuture<Void>> second = new AtomicReference<>();
            disk.afterEachForce(() -> {
                if (first.getAndSet(false)) {
                    second.set(CompletableFuture.runAsync(() -> write(journal, new Command.OpenAccount("second")), pool));
                    await().atMost(Duration.ofSeconds(30)).until(() -> journal.writes() == 2);
                }
            });
            write(journal, new Command.OpenAccount("first"));
            second.get().get(30, TimeUnit.SECONDS); // set before the first write returned
            // 2. that force never saw the second record, so the second writer needed one of its own
            assertThat(journal.forces()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        // 3. and a power cut keeps both, as it keeps everything acknowledged
        disk.cutPower(null);
        List<Command> replayed = new ArrayList<>();
        Journal.open(disk, data, replayed::add).close();
        assertThat(replayed).containsExactly(new Command.OpenAccount("first"), new Command.OpenAccount("second"));
    }

    private static void write(Journal journal, Command command) {
        try {
            journal.write(command);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
