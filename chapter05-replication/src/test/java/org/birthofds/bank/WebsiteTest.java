package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.logic.LogicNode;
import org.birthofds.bank.website.WebsiteNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The banking website over plain HTTP, in front of a real logic tier and data tier. */
class WebsiteTest {
    private static final String UNAVAILABLE = "The bank is temporarily unavailable. Please try again in a moment.";

    private WebsiteTiers tiers;
    private WebClient web;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        tiers = WebsiteTiers.memoryOnly();
        web = new WebClient(tiers.url());
        api = new ApiClient(tiers.apiUrl());
    }

    @AfterEach
    void stop() throws Exception {
        tiers.close();
    }

    @Test
    void the_page_lists_the_accounts_with_their_balances_in_dollars_and_the_total() {
        api.open("alice");
        api.open("bob");
        api.deposit("alice", 1250);
        api.deposit("bob", 5);

        WebClient.Page page = web.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualToIgnoringWhitespace("text/html;charset=utf-8");
        assertThat(page.balance("alice")).isEqualTo("$12.50");
        assertThat(page.balance("bob")).isEqualTo("$0.05");
        assertThat(page.total()).isEqualTo("$12.55");
    }

    @Test
    void opening_depositing_and_transferring_through_the_forms_shows_the_new_balances() {
        assertThat(web.post("/open", "id", "alice").message()).contains("Opened account alice.");
        assertThat(web.post("/open", "id", "bob").status()).isEqualTo(200);
        String key = web.get("/").key("deposit");
        assertThat(web.post("/deposit", "account", "alice", "amount", "20", "key", key).balance("alice")).isEqualTo("$20.00");

        WebClient.Page page = web.post("/transfer", "from", "alice", "to", "bob", "amount", "7.25",
                "key", web.get("/").key("transfer"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.message()).contains("Moved $7.25 from alice to bob.");
        assertThat(page.balance("alice")).isEqualTo("$12.75");
        assertThat(page.balance("bob")).isEqualTo("$7.25");
        assertThat(api.get("/accounts/bob").balance()).isEqualTo(725); // the website shows what the bank holds
    }

    @Test
    void a_withdrawal_shows_the_new_balance() {
        api.open("alice");
        api.deposit("alice", 1000);
        WebClient.Page page = web.post("/withdraw", "account", "alice", "amount", "2.50", "key", web.get("/").key("withdraw"));
        assertThat(page.message()).contains("Withdrew $2.50 from alice. Its balance is now $7.50.");
        assertThat(page.balance("alice")).isEqualTo("$7.50");
    }

    @Test
    void a_transfer_beyond_the_balance_shows_insufficient_funds_with_422_and_changes_nothing() {
        api.open("alice");
        api.open("bob");
        api.deposit("alice", 500);
        JsonNode before = api.everything();

        WebClient.Page page = web.post("/transfer", "from", "alice", "to", "bob", "amount", "5.01",
                "key", web.get("/").key("transfer"));

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.message()).contains("Insufficient funds");
        assertThat(page.balance("alice")).isEqualTo("$5.00");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void a_deposit_to_an_unknown_account_shows_the_logic_tiers_message_with_its_404() {
        WebClient.Page page = web.post("/deposit", "account", "nobody", "amount", "1", "key", web.get("/").key("deposit"));
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.message()).contains("No account with id &#39;nobody&#39;.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12.505", "abc", "-5", "1e3", "12,50", "", " "})
    void an_amount_that_is_not_dollars_and_cents_is_refused_with_a_clear_message(String amount) {
        api.open("alice");
        JsonNode before = api.everything();

        WebClient.Page page = web.post("/deposit", "account", "alice", "amount", amount, "key", web.get("/").key("deposit"));

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.message()).contains("Amount must be a number of dollars with at most two decimals, like 12.50");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void an_amount_outside_the_apis_range_is_refused_in_dollars() {
        api.open("alice");
        WebClient.Page page = web.post("/deposit", "account", "alice", "amount", "0.00", "key", web.get("/").key("deposit"));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.message()).contains("Amount must be from $0.01 to $10000000000.00");
    }

    @Test
    void everything_the_customer_typed_is_escaped_on_the_page() {
        api.open("alice");

        WebClient.Page badAmount = web.post("/deposit", "account", "alice", "amount", "<script>alert(1)</script>");
        WebClient.Page badAccount = web.post("/open", "id", "<b>x</b>\"'&");

        assertThat(badAmount.html()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(badAccount.html()).doesNotContain("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;&quot;&#39;&amp;");
    }

    @Test
    void the_same_form_submitted_twice_moves_the_money_once() {
        api.open("alice");
        api.open("bob");
        api.deposit("alice", 1000);
        WebClient.Page form = web.get("/");
        assertThat(form.key("transfer")).isNotEqualTo(web.get("/").key("transfer")); // each page, fresh keys

        // a double click, or a refresh that repeats the POST: the same hidden key both times
        WebClient.Page first = web.post("/transfer", "from", "alice", "to", "bob", "amount", "1", "key", form.key("transfer"));
        WebClient.Page again = web.post("/transfer", "from", "alice", "to", "bob", "amount", "1", "key", form.key("transfer"));

        assertThat(first.message()).contains("Moved $1.00 from alice to bob.");
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(again.balance("alice")).isEqualTo("$9.00");
        assertThat(api.get("/accounts/bob").balance()).isEqualTo(100);
    }

    @Test
    void an_unknown_path_is_a_small_html_404_page() {
        WebClient.Page page = web.get("/nowhere/%3Cx%3E");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.html()).contains("Page not found").doesNotContain("<x>");
    }

    @Test
    void with_the_logic_tier_stopped_the_website_answers_503_with_a_friendly_page() throws Exception {
        try (BankNode data = TestNodes.memoryOnly()) {
            LogicNode logic = TestNodes.logic(data.url());
            try (WebsiteNode website = WebsiteTiers.website(logic.url())) {
                WebClient client = new WebClient(website.url());
                assertThat(client.get("/").status()).isEqualTo(200);

                logic.close(); // stopped: connections to it are refused

                assertUnavailable(client.get("/"));
                WebClient.Page afterAWrite = client.post("/deposit", "account", "alice", "amount", "1", "key", "k-1");
                assertUnavailable(afterAWrite);
                assertThat(afterAWrite.html()).contains("may or may not have been done");
            }
        }
    }

    @Test
    void with_the_logic_tier_hung_the_website_answers_503_instead_of_hanging() throws Exception {
        try (WebsiteTiers slow = WebsiteTiers.around(Tiers.memoryOnly(), "--timeout-ms", "300")) {
            Hold hung = Hold.onWorker(slow.bank().logic().worker(), label -> true);
            try {
                CompletableFuture<WebClient.Page> page = new WebClient(slow.url()).getAsync("/");
                hung.awaitHeld();
                assertUnavailable(page.get(30, TimeUnit.SECONDS)); // the website's own timeout gave up on the logic tier
            } finally {
                hung.release();
            }
        }
    }

    @Test
    void with_the_data_tier_hung_the_logic_tiers_own_503_reaches_the_customer() throws Exception {
        // the website would wait a minute: a 503 sooner can only be the logic tier's, after its 200 ms
        try (WebsiteTiers slow = WebsiteTiers.around(Tiers.memoryOnly("--timeout-ms", "200"), "--timeout-ms", "60000")) {
            Hold hung = Hold.onWorker(slow.bank().data().worker(), label -> true);
            try {
                CompletableFuture<WebClient.Page> page = new WebClient(slow.url()).getAsync("/");
                hung.awaitHeld();
                assertUnavailable(page.get(30, TimeUnit.SECONDS));
            } finally {
                hung.release();
            }
        }
    }

    private static void assertUnavailable(WebClient.Page page) {
        assertThat(page.status()).isEqualTo(503);
        assertThat(page.retryAfter()).isEqualTo("1");
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.html()).contains(UNAVAILABLE).doesNotContain("Exception");
    }
}
