package org.birthofds.bank;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Set;

/**
 * A request body, checked strictly against the API (README.md) before anything reaches the bank: a JSON
 * object with exactly the fields it expects, ids of the right shape, and amounts that are whole
 * cents in range. Anything else is a 400 naming the field at fault.
 */
final class RequestBody {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode fields;

    private RequestBody(JsonNode fields) {
        this.fields = fields;
    }

    /** Parses the body, which must be a JSON object whose fields are all in {@code allowed}. */
    static RequestBody of(Context ctx, Set<String> allowed) {
        String type = ctx.contentType();
        if (type == null || !type.split(";")[0].trim().equalsIgnoreCase("application/json")) { // charset may follow
            throw ApiError.invalid("The Content-Type must be application/json; this request's is "
                    + (type == null ? "missing" : ApiError.quote(type)) + ".");
        }
        JsonNode node = parse(ctx.body());
        if (!node.isObject()) {
            throw ApiError.invalid("The body must be a JSON object, not " + node.getNodeType().name().toLowerCase() + ".");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.invalid("Unknown field " + ApiError.quote(name) + "; expected only " + allowed + ".");
            }
        }
        return new RequestBody(node);
    }

    String accountId(String field) {
        JsonNode value = required(field);
        if (!value.isTextual() || !Money.isAccountId(value.asText())) {
            throw ApiError.invalid("Field '" + field + "' must be an account id of 1 to 32 characters a-z, 0-9, _ or -, not "
                    + shown(value) + ".");
        }
        return value.asText();
    }

    long amount() {
        JsonNode value = required("amount");
        if (!value.isIntegralNumber() || !value.canConvertToLong() || !Money.isAmount(value.asLong())) {
            throw ApiError.invalid("Field 'amount' must be a whole number of cents from 1 to " + Money.MAX_AMOUNT
                    + ", not " + shown(value) + ".");
        }
        return value.asLong();
    }

    private JsonNode required(String field) {
        JsonNode value = fields.get(field);
        if (value == null) {
            throw ApiError.invalid("Field '" + field + "' is missing.");
        }
        return value;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.invalid("The body is empty; expected a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("The body is not valid JSON: " + e.getOriginalMessage() + ".");
        }
    }

    private static String shown(JsonNode value) {
        return ApiError.quote(value.toString());
    }
}
