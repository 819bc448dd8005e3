package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Check, then act, with many workers. Chapter 1's bank was correct only because one worker ran
 * everything; here two workers read the same balance before either writes it.
 */
class LostUpdateTest {
    private static final List<String> IDS = List.of("alice", "bob", "carol", "dave", "erin");
    private static final int CLIENTS = 8;
    private static final int TRANSFERS_PER_CLIENT = 150;

    @Test
    void without_locks_two_transfers_into_one_account_lose_money() throws Exception {
        try (TestBank bank = new TestBank("--locking", "none")) {
            fundAliceAndBob(bank);
            // 1. both transfers into carol read her balance, 0, and pass their checks
            CyclicBarrier bothChecked = new CyclicBarrier(2);
            bank.bank.betweenCheckAndWrite(label -> TestBank.meet(bothChecked));
            CompletableFuture<?> fromAlice = bank.onAWorker(() -> bank.bank.transfer("alice", "carol", 30));
            CompletableFuture<?> fromBob = bank.onAWorker(() -> bank.bank.transfer("bob", "carol", 30));
            CompletableFuture.allOf(fromAlice, fromBob).get(30, TimeUnit.SECONDS);
            // 2. each then wrote carol = 0 + 30: the second credit overwrote the first
            assertThat(bank.balance("carol")).isEqualTo(30);
            assertThat(bank.total()).as("the bank's total").isEqualTo(BigInteger.valueOf(170));
        }
    }

    @Test
    void with_ordered_locks_the_same_transfers_keep_every_cent() throws Exception {
        try (TestBank bank = new TestBank("--locking", "ordered")) {
            fundAliceAndBob(bank);
            // 1. the first transfer to pass its checks waits there until the second is queued on carol's lock
            Account carol = bank.accounts.get("carol");
            bank.bank.betweenCheckAndWrite(label -> {
                if (label.startsWith("transfer alice")) {
                    await().atMost(Duration.ofSeconds(30)).until(carol.lock::hasQueuedThreads);
                }
            });
            CompletableFuture<?> fromAlice = bank.onAWorker(() -> bank.bank.transfer("alice", "carol", 30));
            await().atMost(Duration.ofSeconds(30)).until(carol.lock::isLocked);
            CompletableFuture<?> fromBob = bank.onAWorker(() -> bank.bank.transfer("bob", "carol", 30));
            CompletableFuture.allOf(fromAlice, fromBob).get(30, TimeUnit.SECONDS);
            // 2. so the second read carol's balance only after the first had written it
            assertThat(bank.balance("carol")).isEqualTo(60);
            assertThat(bank.total()).as("the bank's total").isEqualTo(BigInteger.valueOf(200));
        }
    }

    @Test
    void many_workers_running_random_transfers_keep_every_cent() throws Exception {
        long seed = Long.getLong("bank.seed", 42);
        try (BankNode node = TestNodes.memoryOnly("--workers", String.valueOf(CLIENTS))) {
            ApiClient api = new ApiClient(node.url());
            for (String id : IDS) {
                api.open(id);
                api.deposit(id, 1000);
            }
            // 1. clients send random transfers at once, each counting what its successful ones moved
            List<CompletableFuture<Map<String, Long>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(seed + c);
                clients.add(CompletableFuture.supplyAsync(() -> randomTransfers(api, random)));
            }
            Map<String, Long> moved = new HashMap<>();
            for (CompletableFuture<Map<String, Long>> client : clients) {
                client.get(60, TimeUnit.SECONDS).forEach((id, net) -> moved.merge(id, net, Long::sum));
            }
            // 2. every balance is what the acknowledged transfers made it, and the total never moved
            for (String id : IDS) {
                assertThat(api.get("/accounts/" + id).balance()).as("%s, seed %d (rerun with -Dbank.seed=%d)", id, seed, seed)
                        .isEqualTo(1000 + moved.getOrDefault(id, 0L));
            }
            assertThat(api.everything().path("total").asLong()).as("seed %d", seed).isEqualTo(1000L * IDS.size());
        }
    }

    private static Map<String, Long> randomTransfers(ApiClient api, Random random) {
        Map<String, Long> moved = new HashMap<>();
        for (int i = 0; i < TRANSFERS_PER_CLIENT; i++) {
            String from = IDS.get(random.nextInt(IDS.size()));
            String to = IDS.get((IDS.indexOf(from) + 1 + random.nextInt(IDS.size() - 1)) % IDS.size());
            long amount = 1 + random.nextInt(300);
            int status = api.transfer(from, to, amount).status();
            assertThat(status).as("transfer %s->%s %d", from, to, amount).isIn(201, 422);
            if (status == 201) {
                moved.merge(from, -amount, Long::sum);
                moved.merge(to, amount, Long::sum);
            }
        }
        return moved;
    }

    private static void fundAliceAndBob(TestBank bank) {
        bank.fund("alice", 100);
        bank.fund("bob", 100);
        bank.bank.open("carol");
    }
}
