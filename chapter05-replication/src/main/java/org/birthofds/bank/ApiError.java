package org.birthofds.bank;

import org.birthofds.bank.data.Idempotency;

/**
 * A refusal the API promises: a status, a stable code, and one sentence naming what is at fault.
 * Thrown wherever a rule is broken and turned into the error body in exactly one place
 * (each tier's server). No refusal changes state: every check runs before anything is written.
 */
public final class ApiError extends RuntimeException {
    public final int status;
    public final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false); // expected outcomes: no stack trace to fill or log
        this.status = status;
        this.code = code;
    }

    /** The API's code for a status that the HTTP layer, not the bank, decided on. */
    public static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            default -> "invalid_request";
        };
    }

    public static ApiError invalid(String message) {
        return new ApiError(400, "invalid_request", message);
    }

    public static ApiError accountNotFound(String id) {
        return new ApiError(404, "account_not_found", "No account with id " + quote(id) + ".");
    }

    static ApiError accountExists(String id) {
        return new ApiError(409, "account_exists", "An account with id " + quote(id) + " already exists.");
    }

    static ApiError insufficientFunds(String id, long balance, long amount) {
        return new ApiError(422, "insufficient_funds",
                "Account " + quote(id) + " holds " + balance + " cents, less than the " + amount + " requested.");
    }

    static ApiError balanceLimit(String id, long balance, long amount) {
        return new ApiError(422, "balance_limit", "Adding " + amount + " cents to account " + quote(id)
                + " (balance " + balance + ") would exceed the limit of " + Money.MAX_BALANCE + " cents.");
    }

    /** The journal could not be written: nothing was applied, and the journal takes no more writes. */
    public static ApiError storageFailed(Exception cause) {
        return new ApiError(500, "storage_failed",
                "The journal could not be written (" + cause.getMessage() + "); nothing was changed.");
    }

    public static ApiError keyReused(String key, String firstRequest) {
        return new ApiError(422, "idempotency_key_reused", "The Idempotency-Key " + quote(key)
                + " was first used for another request (" + firstRequest + "); use a new key for a new request.");
    }

    /** Chapter 4: a step of a cross-shard transfer that its record's state no longer allows. */
    public static ApiError transactionConflict(String tx, String state, String step) {
        return new ApiError(409, "transaction_" + state.toLowerCase(), "Transaction " + quote(tx) + " is " + state
                + "; it cannot " + step + ".");
    }

    public static ApiError transactionNotFound(String tx) {
        return new ApiError(404, "transaction_not_found", "No transaction " + quote(tx) + " on this shard.");
    }

    /** Chapter 4, rebalancing: the account lives on another shard now; the caller's shard map is old. */
    static ApiError accountMoved(String id, String toShard) {
        return new ApiError(503, "account_moved", "Account " + quote(id) + " has moved to " + toShard
                + "; this logic node's shard map is out of date, so nothing was changed. Repeat it shortly.");
    }

    /** The account is being copied to another shard: writes wait for the copy, a moment, not for ever. */
    public static ApiError accountMoving(String id, String toShard) {
        return new ApiError(503, "account_moving", "Account " + quote(id) + " is being moved to " + toShard
                + "; nothing was changed. Repeat it in a moment.");
    }

    /** An account this shard's map places on another shard may not be opened here, or two copies could exist. */
    static ApiError wrongShard(String id, String shard, String here) {
        return new ApiError(503, "wrong_shard", "Account " + quote(id) + " belongs on " + shard + ", not " + here
                + "; this logic node's shard map is out of date, so nothing was changed. Repeat it shortly.");
    }

    /** A leaving account with money held or promised by a cross-shard transfer: it moves once that settles. */
    public static ApiError accountSettling(String id, long held, long incoming) {
        return new ApiError(503, "account_settling", "Account " + quote(id) + " waits for its cross-shard transfers"
                + " to settle (" + held + " cents held, " + incoming + " promised) before it can move. Repeat it in a moment.");
    }

    public static ApiError moveConflict(String id, String why) {
        return new ApiError(409, "move_conflict", "Account " + quote(id) + " " + why + ".");
    }

    /** Another tier did not answer in time: the request may or may not have happened. */
    public static ApiError unavailable(String why) {
        return new ApiError(503, "unavailable", "Temporarily unavailable: " + why
                + ". A write may or may not have happened: repeat it with the same Idempotency-Key to settle it.");
    }

    /** Echo what the client sent, but never 64 KiB of it. */
    public static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + shown + "'";
    }
}
