package org.birthofds.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.List;

/**
 * The JSON bodies of the API (top-level README.md, "The API"), as records: what a request
 * carries and what the front door answers. Every tier writes and reads them the same way, with
 * Jackson, through {@link #write} and {@link #read}: no tier builds JSON from strings.
 */
public final class Bodies {
    /** Reads leniently: a field a later chapter adds to an answer must not break an older reader. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Bodies() {
    }

    /** POST /accounts */
    public record Open(String id) {
    }

    /** POST /accounts/{id}/deposits and /withdrawals */
    public record Change(long amount) {
    }

    /** POST /transfers */
    public record Transfer(String from, String to, long amount) {
    }

    public record Account(String id, long balance) {
    }

    /** The total is a BigInteger: many accounts at the balance limit would overflow a long. */
    public record AccountList(List<Account> accounts, BigInteger total) {
    }

    public record TransferDone(String transferId, String from, String to, long amount) {
    }

    public record Health(String status, String node) {
    }

    public record Error(String error, String message) {
    }

    // Chapter 4: the shards' internal bodies, between a logic node (the coordinator, the consistent
    // read) and a shard. Not part of the public API: no front door answers with them.

    /** POST /transactions/{tx}/prepare, at the payer's shard. */
    public record Prepare(String from, String to, String toShard, long amount) {
    }

    /** POST /transactions/{tx}/intent, at the payee's shard: {@code recordShard} holds the transaction record. */
    public record Intent(String to, long amount, String recordShard) {
    }

    /** POST /transactions/{tx}/abort: the refusal every keyed repeat gets, or status 0 when none was given. */
    public record Abort(int status, String error, String message) {
    }

    /** A transaction record, as the payer's shard keeps it: state PENDING, COMMITTED or ABORTED. */
    public record TxState(String tx, String state, String from, String to, String toShard, long amount, int status,
                          String error, String message) {
    }

    /** An intent at the payee's shard: state PENDING, APPLIED or DROPPED. */
    public record IntentState(String tx, String state, String to, long amount, String recordShard) {
    }

    /** POST /freezes/{id}/thaw: whether the freeze still held (false: its lease had run out, or a repeat). */
    public record Thawed(boolean thawed) {
    }

    /**
     * A frozen shard's balances and its PENDING intents, all of one moment; {@code movedTo}, the shards its
     * accounts moved to (rebalancing), so that a reader whose map lacks one of them knows its map is out of date.
     */
    public record Frozen(String freezeId, String shard, List<Account> accounts, List<IntentState> intents,
                         List<String> movedTo) {
    }

    // Chapter 4, rebalancing: the admin bodies (only with --admin) of moving an account to a new shard.

    /** A shard map, inline: shard-1=http://127.0.0.1:7091,shard-2=... */
    public record ShardList(String shards) {
    }

    /** POST /admin/accounts/{id}/export and /moved: the shard the account goes to. */
    public record MoveTo(String toShard) {
    }

    /** An account on its way: LEAVING (writes refused here, the balance final) or MOVED (the balance lives at toShard). */
    public record Exported(String id, long balance, String toShard, String state) {
    }

    /** POST /admin/accounts/{id}/import, at the new shard. */
    public record Import(long balance, String fromShard) {
    }

    /** GET /admin/moves: what this shard has sent away and taken in. */
    public record Moves(String shard, List<String> leaving, java.util.Map<String, String> moved,
                        java.util.Map<String, String> imported) {
    }

    public static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a body of the API: " + body, e);
        }
    }

    /** @throws IllegalArgumentException if {@code json} is not a {@code type} */
    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + ApiError.quote(json), e);
        }
    }
}
