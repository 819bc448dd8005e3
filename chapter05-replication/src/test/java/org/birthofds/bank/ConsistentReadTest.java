package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * GET /accounts across two shards, while a transfer between them commits. Each shard's own
 * listing is consistent; two listings read one after the other are of two moments. A fault hook
 * between the reader's shard reads makes the transfer land exactly there.
 */
class ConsistentReadTest {

    @Test
    void a_naive_read_shard_by_shard_shows_a_total_that_never_existed() throws Exception {
        // FAILURE MODE (fixed in chapter 04, by the consistent read below): --reads naive
        try (Tiers bank = Tiers.sharded(2, 1, "--reads", "naive")) {
            // 1. the payer lives on shard-2, the payee on shard-1: the reader reads the payee first
            String payer = TestNodes.accountOn(bank.map(), "shard-2", "payer");
            String payee = TestNodes.accountOn(bank.map(), "shard-1", "payee");
            ApiClient api = fund(bank, payer, payee);
            // 2. right after the reader has read shard-1 (payee 0), the transfer commits whole
            AtomicBoolean once = new AtomicBoolean();
            bank.logic().snapshot().betweenShardReads(shard -> {
                if (shard.equals("shard-1") && once.compareAndSet(false, true)) {
                    assertThat(api.transfer(payer, payee, 30).status()).isEqualTo(201);
                }
            });
            // 3. then it reads shard-2 (payer 70): 30 cents have vanished from a bank that holds 100
            ApiClient.Reply read = api.get("/accounts");
            assertThat(read.body().path("total").asLong()).isEqualTo(70);
            // 4. nothing was lost, it was only read at two moments: the next read is right again
            assertThat(api.get("/accounts").body().path("total").asLong()).isEqualTo(100);
        }
    }

    @Test
    void the_consistent_read_freezes_every_shard_so_the_transfer_waits_and_the_total_is_right() throws Exception {
        try (Tiers bank = Tiers.sharded(2, 1)) {
            String payer = TestNodes.accountOn(bank.map(), "shard-2", "payer");
            String payee = TestNodes.accountOn(bank.map(), "shard-1", "payee");
            ApiClient api = fund(bank, payer, payee);
            // 1. the same moment: shard-1 is frozen, and the transfer starts; it is prepared on shard-2,
            //    and its intent waits at shard-1's barrier until the read thaws it
            AtomicBoolean once = new AtomicBoolean();
            CompletableFuture<ApiClient.Reply>[] transfer = new CompletableFuture[1];
            bank.logic().snapshot().betweenShardReads(shard -> {
                if (shard.equals("shard-1") && once.compareAndSet(false, true)) {
                    transfer[0] = api.postAsync("/transfers", ApiClient.transferJson(payer, payee, 30));
                    await().atMost(Duration.ofSeconds(30)).until(() -> bank.shard("shard-1").hasWritesWaitingForThaw());
                }
            });
            // 2. the read sees the bank as it is: 100, the payer's 30 held but not yet gone
            ApiClient.Reply read = api.get("/accounts");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body().path("total").asLong()).isEqualTo(100);
            // 3. once thawed, the transfer completes, and the bank still holds 100
            assertThat(transfer[0].get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
            assertThat(api.balanceOf(payer)).isEqualTo(70);
            assertThat(api.balanceOf(payee)).isEqualTo(30);
            assertThat(api.get("/accounts").body().path("total").asLong()).isEqualTo(100);
        }
    }

    @Test
    void a_committed_credit_not_yet_applied_is_counted_by_the_consistent_read_and_missed_by_the_naive_one() throws Exception {
        try (Tiers bank = Tiers.sharded(2, 1)) {
            String payer = TestNodes.accountOn(bank.map(), "shard-1", "payer");
            String payee = TestNodes.accountOn(bank.map(), "shard-2", "payee");
            ApiClient api = fund(bank, payer, payee);
            // 1. the transfer commits at the payer; its resolve at the payee is held before any work
            Hold resolve = Hold.onDataTier(bank.shard("shard-2"), r -> r.startsWith("resolve "), 1);
            CompletableFuture<ApiClient.Reply> transfer = api.postAsync("/transfers", ApiClient.transferJson(payer, payee, 30));
            try {
                resolve.awaitHeld();
                // 2. the payer is debited, the payee not yet credited: the shards' own listings, which a naive read
                //    adds up, show 70
                assertThat(new ApiClient(bank.shard("shard-1").url()).get("/accounts").body().path("total").asLong())
                        .isEqualTo(70);
                assertThat(new ApiClient(bank.shard("shard-2").url()).get("/accounts").body().path("total").asLong())
                        .isZero();
                assertThat(bank.shard("shard-2").pendingIntents()).isOne();
                // 3. the consistent read asks the intent's record, sees COMMITTED, and counts the credit
                ApiClient.Reply read = api.get("/accounts");
                assertThat(read.body().path("total").asLong()).isEqualTo(100);
                assertThat(read.body().path("accounts").toString()).contains("\"id\":\"" + payee + "\",\"balance\":30");
            } finally {
                resolve.release();
            }
            assertThat(transfer.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
            assertThat(api.balanceOf(payee)).isEqualTo(30);
        }
    }

    @Test
    void every_answer_of_a_logic_node_says_which_node_served_it() throws Exception {
        try (Tiers bank = Tiers.sharded(2, 2)) {
            for (int i = 0; i < 2; i++) {
                String url = bank.logics().get(i).url();
                java.net.http.HttpResponse<String> ok = send(url + "/health");
                java.net.http.HttpResponse<String> refused = send(url + "/accounts/nobody");
                assertThat(ok.headers().firstValue("X-Served-By")).hasValue("logic-" + (i + 1));
                assertThat(refused.statusCode()).isEqualTo(404);
                assertThat(refused.headers().firstValue("X-Served-By")).hasValue("logic-" + (i + 1));
            }
        }
    }

    private static java.net.http.HttpResponse<String> send(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static ApiClient fund(Tiers bank, String payer, String payee) {
        ApiClient api = new ApiClient(bank.url());
        assertThat(api.open(payer).status()).isEqualTo(201);
        assertThat(api.open(payee).status()).isEqualTo(201);
        assertThat(api.deposit(payer, 100).status()).isEqualTo(200);
        return api;
    }
}
