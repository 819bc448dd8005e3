package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulling the plug on a real process: what memory loses, and what the journal keeps. */
class CrashTest {
    private static final int WRITERS = 16;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 200;

    @Test
    void memory_only_bank_forgets_every_balance_when_restarted() throws Exception {
        // 1. a memory-only data tier in its own JVM, with one funded account
        ChildBank bank = ChildBank.start("--memory-only");
        ApiClient api = new ApiClient(bank.url());
        api.open("alice");
        assertThat(api.deposit("alice", 500).status()).isEqualTo(200);
        // 2. kill -9 and start it again
        bank.kill();
        ChildBank restarted = ChildBank.start("--memory-only");
        // 3. the acknowledged account and its money are gone
        ApiClient after = new ApiClient(restarted.url());
        assertThat(after.get("/accounts/alice").status()).isEqualTo(404);
        assertThat(after.everything().path("accounts")).isEmpty();
        restarted.kill();
    }

    @Test
    void journal_keeps_every_acknowledged_write_across_kill_9(@TempDir Path data) throws Exception {
        // 1. the data tier in its own JVM, a worker and an account per writer: group commit at work
        ChildBank bank = ChildBank.start("--data", data.toString(), "--workers", String.valueOf(WRITERS));
        ApiClient api = new ApiClient(bank.url());
        for (int w = 0; w < WRITERS; w++) {
            assertThat(api.open("writer" + w).status()).isEqualTo(201);
        }
        // 2. writers deposit 1 cent at a time, counting only the deposits that were answered 200
        CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
        List<Writer> writers = new ArrayList<>();
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
        // 4. restart on the same directory: every acknowledged deposit is there, and at most the
        //    one in flight per writer beyond it (it may or may not have reached the disk)
        ChildBank restarted = ChildBank.start("--data", data.toString(), "--workers", String.valueOf(WRITERS));
        ApiClient after = new ApiClient(restarted.url());
        for (Writer writer : writers) {
            long balance = after.get("/accounts/" + writer.account).balance();
            assertThat(balance).as(writer.account).isBetween((long) writer.acknowledged, writer.acknowledged + 1L);
        }
        restarted.kill();
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
