package org.birthofds.bank.protocol;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.birthofds.bank.Bodies;

/**
 * One request to a shard, already checked (the shard's routes), as one line of text. Chapter 5:
 * this line is what a replica group puts in its log. Every replica applies the same lines in the
 * same order to its own copy of the engine, so every copy answers each one the same way; the
 * requests are replicated, not their outcomes, because only the log's order says which of two
 * withdrawals from one account came first, and so which of them finds the money.
 *
 * <p>{@code time} is the leader's clock when it put the request in the log: a state machine may read
 * no clock of its own, so a freeze's lease and a record's age are measured in these times.
 *
 * @param verb   what to do, such as "deposit" (see {@link #name()} for the full list)
 * @param target the account, transaction or freeze the path names, or null
 * @param key    the Idempotency-Key header, or null
 * @param body   the checked body as compact JSON, or null
 */
public record ShardRequest(long time, String verb, String target, String key, String body) {
    /** The verbs that change nothing: a replica answers them from its state, through the read index. */
    private static final Set<String> READS = Set.of("list", "account", "tx", "moves");

    /** The verbs a frozen shard still serves: the freeze's own thaw, and the reads. */
    private static final Set<String> ALLOWED_WHILE_FROZEN = Set.of("thaw", "list", "account", "tx", "moves");

    public boolean isRead() {
        return READS.contains(verb);
    }

    /**
     * The retry rule, in one place: a request may be sent again after a try whose answer was lost
     * only if repeating it cannot apply it twice: a read, or a write under a key (an Idempotency-Key,
     * or a two-phase step's transaction id). Everything else that may have happened is the caller's
     * to settle.
     */
    public boolean safeToRepeat() {
        return isRead() || key != null;
    }

    /** How a logic node or a recovery pass asks a shard for this over HTTP: chapter 4's path for it. */
    public record Http(String method, String path, String json, String key) {
    }

    public Http http() {
        return switch (verb) {
            case "open" -> new Http("POST", "/accounts", body, key);
            case "list" -> new Http("GET", "/accounts", null, null);
            case "account" -> new Http("GET", "/accounts/" + target, null, null);
            case "deposit" -> new Http("POST", "/accounts/" + target + "/deposits", body, key);
            case "withdraw" -> new Http("POST", "/accounts/" + target + "/withdrawals", body, key);
            case "transfer" -> new Http("POST", "/transfers", body, key);
            case "prepare", "intent", "commit", "abort", "resolve" ->
                    new Http("POST", "/transactions/" + target + "/" + verb, body, key);
            case "tx" -> new Http("GET", "/transactions/" + target, null, null);
            case "freeze" -> new Http("POST", "/freezes", body, null); // the shard names the freeze as it arrives
            case "thaw" -> new Http("POST", "/freezes/" + target + "/thaw", null, key);
            default -> throw new IllegalArgumentException("no shard request " + verb + " is sent by a logic node");
        };
    }

    // The requests a logic node and a recovery pass send; a two-phase step's key is its transaction id.

    public static ShardRequest open(String id) {
        return of("open", null, null, new Bodies.Open(id));
    }

    public static ShardRequest account(String id) {
        return of("account", id, null, null);
    }

    public static ShardRequest list() {
        return of("list", null, null, null);
    }

    public static ShardRequest deposit(String id, long amount, String key) {
        return of("deposit", id, key, new Bodies.Change(amount));
    }

    public static ShardRequest withdraw(String id, long amount, String key) {
        return of("withdraw", id, key, new Bodies.Change(amount));
    }

    public static ShardRequest transfer(Bodies.Transfer transfer, String key) {
        return of("transfer", null, key, transfer);
    }

    public static ShardRequest prepare(String tx, Bodies.Prepare prepare, String key) {
        return of("prepare", tx, key, prepare);
    }

    public static ShardRequest intent(String tx, Bodies.Intent intent) {
        return of("intent", tx, tx, intent);
    }

    public static ShardRequest commit(String tx) {
        return of("commit", tx, tx, null);
    }

    public static ShardRequest abort(String tx, Bodies.Abort why) {
        return of("abort", tx, tx, why);
    }

    public static ShardRequest resolve(String tx, boolean committed) {
        return of("resolve", tx, tx, new Bodies.Resolve(committed ? "COMMITTED" : "ABORTED"));
    }

    public static ShardRequest state(String tx) {
        return of("tx", tx, null, null);
    }

    /** @param id the freeze's name: over HTTP the shard gives its own, and the answer says which */
    public static ShardRequest freeze(String id, long leaseMs) {
        return of("freeze", id, null, new Bodies.Freeze(leaseMs));
    }

    public static ShardRequest thaw(String id) {
        return of("thaw", id, id, null);
    }

    public static ShardRequest of(String verb, String target, String key, Object body) {
        return new ShardRequest(0, verb, target, key, body == null ? null : Bodies.write(body));
    }

    public boolean allowedWhileFrozen() {
        return ALLOWED_WHILE_FROZEN.contains(verb);
    }

    /** The same request, stamped with the leader's clock as it enters the log. */
    public ShardRequest at(long millis) {
        return new ShardRequest(millis, verb, target, key, body);
    }

    /**
     * How chapter 3's data tier named the request, in its logs and its test hooks: "deposit alice 500",
     * "prepare x-1f", "list".
     */
    public String name() {
        return switch (verb) {
            case "deposit", "withdraw" -> verb + " " + target + " " + read(Bodies.Change.class).amount();
            case "transfer" -> {
                Bodies.Transfer t = read(Bodies.Transfer.class);
                yield "transfer " + t.from() + " " + t.to() + " " + t.amount();
            }
            case "open" -> "open " + read(Bodies.Open.class).id();
            case "install-map" -> "install shard map";
            case "list", "account" -> verb.equals("list") ? "list" : "read";
            default -> target == null ? verb : verb + " " + target;
        };
    }

    public <T> T read(Class<T> type) {
        return Bodies.read(body, type);
    }

    /** One line: "TIME VERB TARGET KEY BODY"; a missing part is "-", and the body, last, may hold spaces. */
    public String encode() {
        return time + " " + verb + " " + word(target) + " " + word(key) + " " + (body == null ? "-" : body);
    }

    /** @throws IllegalArgumentException when the line is not one that {@link #encode} wrote */
    public static ShardRequest decode(String line) {
        String[] f = line.split(" ", 5);
        if (f.length != 5) {
            throw new IllegalArgumentException("not a shard request: '" + line + "'");
        }
        try {
            return new ShardRequest(Long.parseLong(f[0]), f[1], unword(f[2]), unword(f[3]), f[4].equals("-") ? null : f[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a shard request: '" + line + "'");
        }
    }

    /** "-" for none, else "=" and the text URL-encoded (which never starts with "="): a key may be "-", or hold spaces. */
    private static String word(String text) {
        return text == null ? "-" : "=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String unword(String word) {
        if (word.equals("-")) {
            return null;
        }
        if (!word.startsWith("=")) {
            throw new IllegalArgumentException("not a word of a shard request: '" + word + "'");
        }
        return URLDecoder.decode(word.substring(1), StandardCharsets.UTF_8);
    }
}
