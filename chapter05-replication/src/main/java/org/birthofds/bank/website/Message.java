package org.birthofds.bank.website;

import java.util.Map;
import org.birthofds.bank.Account;
import org.birthofds.bank.Money;

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
    static Message refused(BankApi.Reply reply) {
        return new Message(reply.status(), TITLES.getOrDefault(reply.code(), "Refused"), reply.message());
    }

    /**
     * A refusal of {@code amount}. The API speaks cents; the page speaks dollars, so the two
     * refusals about money are worded here, and the others keep the logic tier's sentence.
     */
    static Message refused(BankApi.Reply reply, long amount) {
        String text = switch (reply.code()) {
            case "insufficient_funds" -> "The account holds less than " + Dollars.format(amount) + "; nothing was moved.";
            case "balance_limit" -> "Adding " + Dollars.format(amount) + " would take the account past the limit of "
                    + Dollars.format(Money.MAX_BALANCE) + "; nothing was moved.";
            default -> reply.message();
        };
        return new Message(reply.status(), TITLES.getOrDefault(reply.code(), "Refused"), text);
    }

    /** The website itself said no: nothing was sent to the logic tier. */
    static Message problem(Form.Problem problem) {
        return new Message(400, "Please check the form", problem.getMessage());
    }

    boolean ok() {
        return status < 300;
    }
}
