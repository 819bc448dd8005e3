package org.birthofds.bank;

import java.util.Map;

/** The box at the top of a page after a form: what happened, and the page's HTTP status. */
record Message(int status, String title, String text) {
    /** The API's error codes, as a customer would name them. The sentence itself is the logic tier's. */
    private static final Map<String, String> TITLES = Map.of(
            "insufficient_funds", "Insufficient funds",
            "account_not_found", "No such account",
            "account_exists", "Account already exists",
            "balance_limit", "Balance limit reached",
            "idempotency_key_reused", "This form was already used",
            "invalid_request", "Request refused");

    static Message done(String text) {
        return new Message(200, "Done", text);
    }

    /** The logic tier said no: its status and its sentence, so the customer learns why. */
    static Message refused(LogicTier.Reply reply) {
        return new Message(reply.status(), TITLES.getOrDefault(reply.code(), "Refused"), reply.message());
    }

    /** The website itself said no: nothing was sent to the logic tier. */
    static Message problem(Form.Problem problem) {
        return new Message(400, "Please check the form", problem.getMessage());
    }

    boolean ok() {
        return status < 300;
    }
}
