package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulling the plug on a real process, the data tier's: what memory loses, and what the journal
 * keeps. The last two tests kill the data tier at the worst moments, not at a lucky one: a fault
 * hook (on only in these child JVMs) holds one deposit after its append, or after its force,
 * until the kill.
 */
class CrashTest {
    private static final int WRITERS = 16;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 200;
    private static final Duration CEILING = Duration.ofSeconds(60);

    @Test
    void memory_only_bank_forgets_every_balance_when_restarted() throws Exception {
        // 1. a memory-only data tier in its own JVM, with one funded account
        try (ChildBank bank = ChildBank.start("--memory-only")) {
            ApiClient api = new ApiClient(bank.url());
            api.open("alice");
            assertThat(api.deposit("alice", 500).status()).isEqualTo(200);
            // 2. kill -9
        }
        // 3. started again, the acknowledged account and its money are gone
        try (ChildBank restarted = ChildBank.start("--memory-only")) {
            ApiClient after = new ApiClient(restarted.url());
            assertThat(after.get("/accounts/alice").status()).isEqualTo(404);
            assertThat(after.everything().path("accounts")).isEmpty();
        }
    }

    @Test
    void journal_keeps_every_acknowledged_write_across_kill_9(@TempDir Path data) throws Exception {
        List<Writer> writers = new ArrayList<>();
        // 1. the data tier in its own JVM, a worker and an account per writer: group commit at work
        try (ChildBank bank = ChildBank.start("--data", data.toString(), "--workers", String.valueOf(WRITERS))) {
            ApiClient api = new ApiClient(bank.url());
            for (int w = 0; w < WRITERS; w++) {
                assertThat(api.open("writer" + w).status()).isEqualTo(201);
            }
            // 2. writers deposit 1 cent at a time, counting only the deposits that were answered 200
            CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
            for (int w = 0; w < WRITERS; w++) {
                writers.add(new Writer(api, "writer" + w, enough));
            }
            writers.forEach(Thread::start);
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("%d deposits acknowledged", ACKNOWLEDGED_BEFORE_KILL).isTrue();
            // 3. kill -9 while writes are still in flight: no shutdown hook, no flush
            bank.kill();
            for (Writer writer : writers) {
                writer.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        // 4. restart on the same directory: every acknowledged deposit is there, and at most the
        //    one in flight per writer beyond it (it may or may not have reached the disk)
        try (ChildBank restarted = ChildBank.start("--data", data.toString(), "--workers", String.valueOf(WRITERS))) {
            ApiClient after = new ApiClient(restarted.url());
            for (Writer writer : writers) {
                long balance = after.get("/accounts/" + writer.account).balance();
                assertThat(balance).as(writer.account).isBetween((long) writer.acknowledged, writer.acknowledged + 1L);
            }
        }
    }

    @Test
    void a_deposit_killed_after_its_force_and_before_its_answer_is_kept(@TempDir Path data) throws Exception {
        // 1. the deposit is forced to disk, and the data tier is killed before it can answer
        killHeld(Faults.AFTER_FORCE, data);
        // 2. the client never heard back, yet the deposit is there: it was on the disk already
        assertThat(restartedBalance(data)).isEqualTo(500);
    }

    @Test
    void a_deposit_killed_after_its_append_and_before_its_force_is_unanswered_and_kept_by_the_page_cache(
            @TempDir Path data) throws Exception {
        // 1. the deposit is written to the file but not forced, and the data tier is killed there
        killHeld(Faults.AFTER_APPEND, data);
        // 2. the client got no answer, so either outcome keeps the promise. kill -9 ends the
        //    process, not the machine: the written bytes wait in the page cache, and the kernel
        //    writes them out anyway. So the deposit is there. (Only a power cut would lose it,
        //    and that is PowerCutTest's case.)
        assertThat(restartedBalance(data)).isEqualTo(500);
    }

    /** Opens alice, sends a deposit of 500, kills the data tier where the hook holds it, and checks it never answered. */
    private static void killHeld(String point, Path data) throws Exception {
        try (ChildBank bank = ChildBank.startHolding(point, "deposit alice", "--data", data.toString())) {
            ApiClient api = new ApiClient(bank.url());
            assertThat(api.open("alice").status()).isEqualTo(201);
            CompletableFuture<ApiClient.Reply> reply = api.postAsync("/accounts/alice/deposits", "{\"amount\":500}");
            await().atMost(CEILING).until(() -> bank.output().contains("Fault: held " + point));
            assertThat(reply).as("the deposit is answered only once it is durable").isNotDone();
            bank.kill();
            assertThat(reply).as("a deposit killed at " + point + " was never acknowledged").failsWithin(CEILING);
        }
    }

    private static long restartedBalance(Path data) throws Exception {
        try (ChildBank restarted = ChildBank.start("--data", data.toString())) {
            ApiClient after = new ApiClient(restarted.url());
            assertThat(after.everything().path("total").asLong()).as("the data tier holds together").isEqualTo(
                    after.get("/accounts/alice").balance());
            return after.get("/accounts/alice").balance();
        }
    }

    /** Deposits 1 cent at a time until the bank stops answering. */
    private static final class Writer extends Thread {
        private final ApiClient api;
        private final String account;
        private final CountDownLatch enough;
        private volatile int acknowledged;

        Writer(ApiClient api, String account, CountDownLatch enough) {
            this.api = api;
            this.account = account;
            this.enough = enough;
        }

        @Override
        public void run() {
            try {
                while (api.deposit(account, 1).status() == 200) {
                    acknowledged++;
                    enough.countDown();
                }
            } catch (RuntimeException connectionLost) {
                // the process died under us: this write was never acknowledged
            }
        }
    }
}
