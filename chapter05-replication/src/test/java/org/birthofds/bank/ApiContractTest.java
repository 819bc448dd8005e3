package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint and every rule of the API (top-level README.md, "The API"), seen from outside the front door. */
class ApiContractTest {
    private FrontDoor node;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        node = FrontDoor.memoryOnly("--node", "test-node");
        api = new ApiClient(node.url());
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void health_answers_ok_with_the_node_id() {
        ApiClient.Reply reply = api.get("/health");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().toString()).isEqualTo("{\"status\":\"ok\",\"node\":\"test-node\"}");
    }

    @Test
    void opening_an_account_answers_201_with_a_zero_balance() {
        ApiClient.Reply reply = api.open("alice");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().toString()).isEqualTo("{\"id\":\"alice\",\"balance\":0}");
        assertThat(api.get("/accounts/alice").body()).isEqualTo(reply.body());
    }

    @Test
    void opening_an_existing_account_is_409_and_changes_nothing() {
        api.open("alice");
        api.deposit("alice", 500);
        JsonNode before = api.everything();
        assertRefused(api.open("alice"), 409, "account_exists", "alice");
        assertThat(api.everything()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"Alice\"", "\"a b\"", "\"caf\u00e9\"", "\"a/b\"", "\"abcdefghijklmnopqrstuvwxyz0123456\"", "42", "null",
            "[\"a\"]"})
    void account_ids_outside_the_rules_are_400_and_change_nothing(String id) {
        JsonNode before = api.everything();
        assertRefused(api.post("/accounts", "{\"id\":" + id + "}"), 400, "invalid_request", "id");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void the_longest_and_oddest_allowed_ids_are_accepted() {
        assertThat(api.open("abcdefghijklmnopqrstuvwxyz012345").status()).isEqualTo(201);
        assertThat(api.open("a_-0").status()).isEqualTo(201);
    }

    @Test
    void listing_is_sorted_by_id_with_the_total() {
        api.open("carol");
        api.open("alice");
        api.open("bob");
        api.deposit("alice", 300);
        api.deposit("carol", 5);
        ApiClient.Reply reply = api.get("/accounts");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().toString()).isEqualTo("{\"accounts\":[{\"id\":\"alice\",\"balance\":300},"
                + "{\"id\":\"bob\",\"balance\":0},{\"id\":\"carol\",\"balance\":5}],\"total\":305}");
    }

    @Test
    void an_empty_bank_lists_no_accounts_and_a_zero_total() {
        assertThat(api.get("/accounts").body().toString()).isEqualTo("{\"accounts\":[],\"total\":0}");
    }

    @Test
    void reading_an_unknown_account_is_404_naming_it() {
        assertRefused(api.get("/accounts/nobody"), 404, "account_not_found", "nobody");
    }

    @Test
    void deposits_add_and_withdrawals_subtract() {
        api.open("alice");
        ApiClient.Reply deposit = api.deposit("alice", 500);
        assertThat(deposit.status()).isEqualTo(200);
        assertThat(deposit.body().toString()).isEqualTo("{\"id\":\"alice\",\"balance\":500}");
        ApiClient.Reply withdrawal = api.withdraw("alice", 200);
        assertThat(withdrawal.status()).isEqualTo(200);
        assertThat(withdrawal.body().toString()).isEqualTo("{\"id\":\"alice\",\"balance\":300}");
    }

    @Test
    void the_whole_balance_can_be_withdrawn_and_moved_but_not_a_cent_more() {
        api.open("alice");
        api.open("bob");
        api.deposit("alice", 500);
        assertThat(api.transfer("alice", "bob", 500).status()).isEqualTo(201);
        assertThat(api.withdraw("bob", 500).body().path("balance").asLong()).isZero();
        assertRefused(api.withdraw("bob", 1), 422, "insufficient_funds", "bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10.5", "1.0", "1e3", "\"10\"", "null", "true", "1000000000001", "99999999999999999999",
            "{}"})
    void amounts_outside_the_rules_are_400_and_change_nothing(String amount) {
        api.open("alice");
        api.deposit("alice", 500);
        JsonNode before = api.everything();
        String body = "{\"amount\":" + amount + "}";
        assertRefused(api.post("/accounts/alice/deposits", body), 400, "invalid_request", "amount");
        assertRefused(api.post("/accounts/alice/withdrawals", body), 400, "invalid_request", "amount");
        api.open("bob");
        JsonNode withBob = api.everything();
        assertRefused(api.post("/transfers", "{\"from\":\"alice\",\"to\":\"bob\",\"amount\":" + amount + "}"), 400,
                "invalid_request", "amount");
        assertThat(api.everything()).isEqualTo(withBob);
        assertThat(before.path("total")).isEqualTo(withBob.path("total"));
    }

    @Test
    void a_missing_amount_is_400_naming_the_field() {
        api.open("alice");
        assertRefused(api.post("/accounts/alice/deposits", "{}"), 400, "invalid_request", "amount");
    }

    @Test
    void the_largest_allowed_amount_is_accepted() {
        api.open("alice");
        assertThat(api.deposit("alice", 1_000_000_000_000L).balance()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void withdrawing_more_than_the_balance_is_422_and_changes_nothing() {
        api.open("alice");
        api.deposit("alice", 100);
        JsonNode before = api.everything();
        assertRefused(api.withdraw("alice", 101), 422, "insufficient_funds", "alice");
        assertThat(api.everything()).isEqualTo(before);
        assertThat(api.withdraw("alice", 100).balance()).isZero();
    }

    @Test
    void a_deposit_past_the_balance_limit_is_422_and_changes_nothing() {
        api.open("alice");
        fillToTheLimit("alice");
        JsonNode before = api.everything();
        assertRefused(api.deposit("alice", 1), 422, "balance_limit", "alice");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void deposits_and_withdrawals_on_unknown_accounts_are_404() {
        assertRefused(api.deposit("ghost", 5), 404, "account_not_found", "ghost");
        assertRefused(api.withdraw("ghost", 5), 404, "account_not_found", "ghost");
        assertThat(api.everything().path("accounts")).isEmpty();
    }

    @Test
    void a_transfer_moves_money_and_answers_201_with_an_id() {
        api.open("alice");
        api.open("bob");
        api.deposit("alice", 500);
        ApiClient.Reply reply = api.transfer("alice", "bob", 200);
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().path("transferId").asText()).isNotBlank();
        assertThat(reply.body().path("from").asText()).isEqualTo("alice");
        assertThat(reply.body().path("to").asText()).isEqualTo("bob");
        assertThat(reply.body().path("amount").asLong()).isEqualTo(200);
        assertThat(api.get("/accounts/alice").balance()).isEqualTo(300);
        assertThat(api.get("/accounts/bob").balance()).isEqualTo(200);
    }

    @Test
    void every_transfer_gets_its_own_id() {
        api.open("alice");
        api.open("bob");
        api.deposit("alice", 500);
        String first = api.transfer("alice", "bob", 1).body().path("transferId").asText();
        String second = api.transfer("alice", "bob", 1).body().path("transferId").asText();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void a_transfer_to_the_same_account_is_400() {
        api.open("alice");
        api.deposit("alice", 500);
        JsonNode before = api.everything();
        assertRefused(api.transfer("alice", "alice", 5), 400, "invalid_request", "alice");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void a_transfer_naming_an_unknown_account_is_404_naming_it() {
        api.open("alice");
        api.deposit("alice", 500);
        JsonNode before = api.everything();
        assertRefused(api.transfer("alice", "ghost", 5), 404, "account_not_found", "ghost");
        assertRefused(api.transfer("ghost", "alice", 5), 404, "account_not_found", "ghost");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void a_transfer_beyond_the_balance_is_422_and_changes_nothing() {
        api.open("alice");
        api.open("bob");
        api.deposit("alice", 100);
        JsonNode before = api.everything();
        assertRefused(api.transfer("alice", "bob", 101), 422, "insufficient_funds", "alice");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void a_transfer_past_the_payees_limit_is_422_and_changes_nothing() {
        api.open("alice");
        api.open("bob");
        fillToTheLimit("bob");
        api.deposit("alice", 100);
        JsonNode before = api.everything();
        assertRefused(api.transfer("alice", "bob", 1), 422, "balance_limit", "bob");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void a_transfer_with_bad_account_fields_is_400_naming_the_field() {
        api.open("alice");
        assertRefused(api.post("/transfers", "{\"from\":\"alice\",\"amount\":5}"), 400, "invalid_request", "to");
        assertRefused(api.post("/transfers", "{\"from\":7,\"to\":\"alice\",\"amount\":5}"), 400, "invalid_request", "from");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{bad", "[1]", "\"alice\"", "42", "", "{\"id\":\"alice\",\"extra\":1}", "{\"id\":\"a\",\"id\":\"b\"}",
            "{\"id\":\"alice\"} trailing"})
    void malformed_bodies_are_400_and_change_nothing(String body) {
        JsonNode before = api.everything();
        assertRefused(api.post("/accounts", body), 400, "invalid_request", "");
        assertThat(api.everything()).isEqualTo(before);
    }

    @Test
    void a_wrong_or_missing_content_type_is_400() {
        assertRefused(api.send(api.post("/accounts", "{\"id\":\"alice\"}", "text/plain")), 400, "invalid_request",
                "Content-Type");
        assertRefused(api.send(api.post("/accounts", "{\"id\":\"alice\"}", "application/jsonp")), 400, "invalid_request",
                "Content-Type");
        HttpRequest untyped = api.request("/accounts").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"alice\"}")).build();
        assertRefused(api.send(untyped), 400, "invalid_request", "Content-Type");
        assertRefused(api.get("/accounts/alice"), 404, "account_not_found", "alice");
    }

    @Test
    void a_content_type_with_a_charset_is_accepted() {
        ApiClient.Reply reply = api.send(api.post("/accounts", "{\"id\":\"alice\"}", "application/json; charset=utf-8"));
        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void a_body_over_64_KiB_is_413() {
        String huge = "{\"id\":\"alice\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        assertRefused(api.post("/accounts", huge), 413, "payload_too_large", "");
        assertThat(api.everything().path("accounts")).isEmpty();
    }

    @Test
    void an_unknown_path_is_404_not_found() {
        assertRefused(api.get("/nowhere"), 404, "not_found", "/nowhere");
        assertRefused(api.post("/accounts/alice/interest", "{}"), 404, "not_found", "");
    }

    @Test
    void a_known_path_with_another_method_is_405() {
        assertRefused(api.send(api.request("/accounts").DELETE().build()), 405, "method_not_allowed", "DELETE");
        assertRefused(api.get("/transfers"), 405, "method_not_allowed", "GET");
    }

    @Test
    void a_request_the_http_layer_cannot_read_still_gets_a_json_error() throws Exception {
        URI url = URI.create(node.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /accounts/%zz HTTP/1.1\r\nHost: bank\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("Content-Type: application/json")
                    .contains("{\"error\":\"invalid_request\",\"message\":").doesNotContain("<html");
        }
    }

    /** 1000 deposits of the largest amount reach the largest balance exactly. */
    private void fillToTheLimit(String id) {
        for (int i = 0; i < 1000; i++) {
            assertThat(api.deposit(id, Money.MAX_AMOUNT).status()).isEqualTo(200);
        }
        assertThat(api.get("/accounts/" + id).balance()).isEqualTo(Money.MAX_BALANCE);
    }

    static void assertRefused(ApiClient.Reply reply, int status, String code, String messageMentions) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.error()).isEqualTo(code);
        assertThat(reply.body().path("message").asText()).isNotBlank().contains(messageMentions);
        assertThat(reply.body().size()).as("error body has exactly error and message").isEqualTo(2);
    }
}
