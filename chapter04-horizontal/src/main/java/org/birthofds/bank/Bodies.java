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
