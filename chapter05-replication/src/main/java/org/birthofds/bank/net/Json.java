package org.birthofds.bank.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A field of a JSON answer, for the callers that stand outside the bank's API and its records
 * (the network layer, the launcher, the benchmarks): read with Jackson, never by searching text.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The text of the top-level field {@code name} of {@code body}, or null if it has none (or is not JSON). */
    public static String field(String body, String name) {
        try {
            JsonNode node = MAPPER.readTree(body).get(name);
            return node == null || node.isNull() ? null : node.asText();
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /** {@code value} as JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
