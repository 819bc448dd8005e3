package org.birthofds.bank;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One request to a shard, already checked ({@link ShardRoutes}), as one line of text. Chapter 5:
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

    boolean allowedWhileFrozen() {
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
    String name() {
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

    <T> T read(Class<T> type) {
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
