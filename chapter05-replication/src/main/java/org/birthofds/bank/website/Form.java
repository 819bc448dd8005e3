package org.birthofds.bank.website;

import io.javalin.http.Context;
import java.util.OptionalLong;
import org.birthofds.bank.Money;

/**
 * A submitted form, checked before anything is sent to the logic tier. The logic tier checks
 * everything again: these checks are for the customer's sake (dollars, not cents; a sentence
 * about the field they typed), and so that what they type never shapes a path or a header.
 */
final class Form {
    /** A field the customer got wrong: the page says so, and nothing is sent. */
    static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message, null, false, false); // an expected outcome: no stack trace
        }
    }

    private final Context ctx;

    Form(Context ctx) {
        this.ctx = ctx;
    }

    String accountId(String field, String label) {
        String id = text(field);
        if (!Money.isAccountId(id)) {
            throw new Problem(label + " must be an account id of 1 to 32 characters a-z, 0-9, _ or -, not "
                    + Html.quote(id) + ".");
        }
        return id;
    }

    /** An amount typed in dollars, as cents. */
    long amount() {
        String typed = text("amount").trim();
        OptionalLong cents = Dollars.parse(typed);
        if (cents.isEmpty()) {
            throw new Problem("Amount must be a number of dollars with at most two decimals, like 12.50, not "
                    + Html.quote(typed) + ".");
        }
        if (!Money.isAmount(cents.getAsLong())) {
            throw new Problem("Amount must be from " + Dollars.format(1) + " to " + Dollars.format(Money.MAX_AMOUNT)
                    + ", not " + Html.quote(typed) + ".");
        }
        return cents.getAsLong();
    }

    /**
     * The Idempotency-Key the page put in this form when it was rendered; null if the form has
     * none (a hand-made request), which the API allows. It becomes a header, so it is checked as
     * strictly as the API checks it: a line break in it could forge other headers.
     */
    String idempotencyKey() {
        String key = ctx.formParam("key");
        if (key != null && !key.matches("[\\x20-\\x7E]{1,64}")) {
            throw new Problem("This form is damaged (its key is not 1 to 64 printable characters); reload the page.");
        }
        return key;
    }

    private String text(String field) {
        String value = ctx.formParam(field);
        return value == null ? "" : value;
    }
}
