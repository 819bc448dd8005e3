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
 * A request, checked strictly against the API (top-level README.md, "The API") before anything
 * reaches the bank: a JSON object with exactly the fields it expects, ids of the right shape, and
 * amounts that are whole cents in range. Anything else is a 400 naming the field at fault. This
 * is the one place that checks a request: the logic tier checks it here before it calls the data
 * tier, and the data tier checks it here again, because it must never trust its caller.
 */
public final class RequestBody {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode fields;

    private RequestBody(JsonNode fields) {
        this.fields = fields;
    }

    /** POST /accounts */
    public static Bodies.Open open(Context ctx) {
        return new Bodies.Open(of(ctx, Set.of("id")).accountId("id"));
    }

    /** A deposit or a withdrawal: the same body, the path says which way the money goes. */
    public static Bodies.Change change(Context ctx) {
        return new Bodies.Change(of(ctx, Set.of("amount")).amount());
    }

    public static Bodies.Transfer transfer(Context ctx) {
        RequestBody body = of(ctx, Set.of("from", "to", "amount"));
        String from = body.accountId("from");
        String to = body.accountId("to");
        long amount = body.amount();
        if (from.equals(to)) {
            throw ApiError.invalid("A transfer needs two different accounts; 'from' and 'to' are both " + ApiError.quote(from) + ".");
        }
        return new Bodies.Transfer(from, to, amount);
    }

    // Chapter 4: the shards' internal bodies, checked as strictly as the public ones.

    public static Bodies.Prepare prepare(Context ctx) {
        RequestBody body = of(ctx, Set.of("from", "to", "toShard", "amount"));
        return new Bodies.Prepare(body.accountId("from"), body.accountId("to"), body.token("toShard"), body.amount());
    }

    public static Bodies.Intent intent(Context ctx) {
        RequestBody body = of(ctx, Set.of("to", "amount", "recordShard"));
        return new Bodies.Intent(body.accountId("to"), body.amount(), body.token("recordShard"));
    }

    public static Bodies.Abort abort(Context ctx) {
        RequestBody body = of(ctx, Set.of("status", "error", "message"));
        JsonNode status = body.required("status");
        if (!status.isInt() || (status.asInt() != 0 && (status.asInt() < 400 || status.asInt() > 499))) {
            throw ApiError.invalid("Field 'status' must be 0 or a refusal's status from 400 to 499, not " + shown(status) + ".");
        }
        if (status.asInt() == 0) {
            return new Bodies.Abort(0, null, null); // the payee never answered: there is no refusal to carry
        }
        return new Bodies.Abort(status.asInt(), body.text("error"), body.text("message"));
    }

    public static Bodies.Resolve resolve(Context ctx) {
        String outcome = of(ctx, Set.of("outcome")).text("outcome");
        if (!outcome.equals("COMMITTED") && !outcome.equals("ABORTED")) {
            throw ApiError.invalid("Field 'outcome' must be COMMITTED or ABORTED, not " + ApiError.quote(outcome) + ".");
        }
        return new Bodies.Resolve(outcome);
    }

    public static Bodies.Freeze freeze(Context ctx) {
        JsonNode lease = of(ctx, Set.of("leaseMs")).required("leaseMs");
        if (!lease.isIntegralNumber() || lease.asLong() < 1 || lease.asLong() > 60_000) {
            throw ApiError.invalid("Field 'leaseMs' must be a whole number of milliseconds from 1 to 60000, not " + shown(lease) + ".");
        }
        return new Bodies.Freeze(lease.asLong());
    }

    // Chapter 4, rebalancing (admin only).

    public static Bodies.ShardList shardList(Context ctx) {
        return new Bodies.ShardList(of(ctx, Set.of("shards")).text("shards"));
    }

    public static Bodies.MoveTo moveTo(Context ctx) {
        return new Bodies.MoveTo(of(ctx, Set.of("toShard")).token("toShard"));
    }

    public static Bodies.Import importAccount(Context ctx) {
        RequestBody body = of(ctx, Set.of("balance", "fromShard"));
        JsonNode balance = body.required("balance");
        if (!balance.isIntegralNumber() || !balance.canConvertToLong() || balance.asLong() < 0
                || balance.asLong() > Money.MAX_BALANCE) {
            throw ApiError.invalid("Field 'balance' must be a whole number of cents from 0 to " + Money.MAX_BALANCE
                    + ", not " + shown(balance) + ".");
        }
        return new Bodies.Import(balance.asLong(), body.token("fromShard"));
    }

    /** A transaction id or a freeze id in the path: a token, since the journal writes it as one word. */
    public static String pathToken(Context ctx, String name) {
        String value = ctx.pathParam(name);
        if (!value.matches("[a-z0-9-]{1,64}")) {
            throw ApiError.invalid("The " + name + " in the path must be 1 to 64 characters a-z, 0-9 or -, not "
                    + ApiError.quote(value) + ".");
        }
        return value;
    }

    private String token(String field) {
        String value = text(field);
        if (!value.matches("[a-z0-9-]{1,32}")) {
            throw ApiError.invalid("Field '" + field + "' must be a shard id of 1 to 32 characters a-z, 0-9 or -, not "
                    + ApiError.quote(value) + ".");
        }
        return value;
    }

    private String text(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw ApiError.invalid("Field '" + field + "' must be a string, not " + shown(value) + ".");
        }
        return value.asText();
    }

    /** The {id} in the path. An id that is not an account id names no account: a 404, like any other. */
    public static String pathAccountId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!Money.isAccountId(id)) {
            throw ApiError.accountNotFound(id);
        }
        return id;
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

    /**
     * The Idempotency-Key header (the API: 1 to 64 printable ASCII characters), or null when the
     * request has none.
     */
    public static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key != null && !key.matches("[\\x20-\\x7E]{1,64}")) {
            throw ApiError.invalid("The Idempotency-Key header must be 1 to 64 printable ASCII characters, not "
                    + ApiError.quote(key) + ".");
        }
        return key;
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
