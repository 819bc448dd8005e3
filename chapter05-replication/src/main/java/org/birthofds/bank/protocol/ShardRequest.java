package org.birthofds.bank.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.birthofds.bank.Bodies;

/**
 * Everything a shard is asked, as a closed set of records: chapter 3's requests, chapter 4's
 * two-phase steps, freezes and moves. One form for all its uses, written and read by Jackson:
 * the body a logic node or a recovery pass sends ({@code POST /shard}), what a shard's routes make
 * of chapter 4's paths ({@code ShardRoutes}), and, stamped with the leader's clock
 * ({@link Stamped}), the entry a replica group puts in its log.
 *
 * <p>Chapter 5: every replica applies the same entries in the same order to its own copy of the
 * engine, so every copy answers each one the same way. The requests are replicated, not their
 * outcomes, because only the log's order says which of two withdrawals from one account came
 * first, and so which of them finds the money.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "verb")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ShardRequest.Open.class, name = "open"),
        @JsonSubTypes.Type(value = ShardRequest.ListAll.class, name = "list"),
        @JsonSubTypes.Type(value = ShardRequest.Balance.class, name = "account"),
        @JsonSubTypes.Type(value = ShardRequest.Deposit.class, name = "deposit"),
        @JsonSubTypes.Type(value = ShardRequest.Withdraw.class, name = "withdraw"),
        @JsonSubTypes.Type(value = ShardRequest.Transfer.class, name = "transfer"),
        @JsonSubTypes.Type(value = ShardRequest.Prepare.class, name = "prepare"),
        @JsonSubTypes.Type(value = ShardRequest.Intent.class, name = "intent"),
        @JsonSubTypes.Type(value = ShardRequest.Commit.class, name = "commit"),
        @JsonSubTypes.Type(value = ShardRequest.Abort.class, name = "abort"),
        @JsonSubTypes.Type(value = ShardRequest.Resolve.class, name = "resolve"),
        @JsonSubTypes.Type(value = ShardRequest.RecordState.class, name = "tx"),
        @JsonSubTypes.Type(value = ShardRequest.Freeze.class, name = "freeze"),
        @JsonSubTypes.Type(value = ShardRequest.Thaw.class, name = "thaw"),
        @JsonSubTypes.Type(value = ShardRequest.InstallMap.class, name = "install-map"),
        @JsonSubTypes.Type(value = ShardRequest.Export.class, name = "export"),
        @JsonSubTypes.Type(value = ShardRequest.Import.class, name = "import"),
        @JsonSubTypes.Type(value = ShardRequest.Moved.class, name = "moved"),
        @JsonSubTypes.Type(value = ShardRequest.Moves.class, name = "moves")})
public sealed interface ShardRequest {
    // Chapter 3: the accounts. A key is the client's Idempotency-Key, or null.

    record Open(String id) implements ShardRequest {
    }

    record ListAll() implements ShardRequest {
    }

    record Balance(String id) implements ShardRequest {
    }

    record Deposit(String id, long amount, String key) implements ShardRequest {
    }

    record Withdraw(String id, long amount, String key) implements ShardRequest {
    }

    /** Both accounts on this shard: one request, as in chapter 3. */
    record Transfer(String from, String to, long amount, String key) implements ShardRequest {
    }

    // Chapter 4: a transfer across shards. Each step after the prepare is named by the transaction id,
    // which makes it safe to repeat.

    record Prepare(String tx, Bodies.Prepare prepare, String key) implements ShardRequest {
    }

    record Intent(String tx, Bodies.Intent intent) implements ShardRequest {
    }

    record Commit(String tx) implements ShardRequest {
    }

    record Abort(String tx, Bodies.Abort why) implements ShardRequest {
    }

    /**
     * @param freeze null, or the consistent read's own freeze, under which it applies a credit it counted (the one
     *               write a frozen shard takes: see {@code twophase.ConsistentRead})
     */
    record Resolve(String tx, boolean committed, String freeze) implements ShardRequest {
        public Resolve(String tx, boolean committed) {
            this(tx, committed, null);
        }
    }

    record RecordState(String tx) implements ShardRequest {
    }

    /** Chapter 4's consistent read: named by whoever asks, so every replica that applies it gives it one name. */
    record Freeze(String id, long leaseMs) implements ShardRequest {
    }

    record Thaw(String id) implements ShardRequest {
    }

    // Chapter 4, rebalancing: asked only through the operator's /admin/ paths.

    record InstallMap(String shards) implements ShardRequest {
    }

    record Export(String id, String toShard) implements ShardRequest {
    }

    record Import(String id, long balance, String fromShard) implements ShardRequest {
    }

    record Moved(String id, String toShard) implements ShardRequest {
    }

    record Moves() implements ShardRequest {
    }

    /** A request as a replica group's log holds it: with the leader's clock when it entered the log. */
    record Stamped(long time, ShardRequest request) {
        // Strict, as a log entry must be: one request and nothing after it, since its text goes into the entry as is.
        private static final ObjectReader EXACTLY_ONE = new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readerFor(ShardRequest.class);

        public String encode() {
            return Bodies.write(this);
        }

        /**
         * The entry for a request that came as JSON (chapter 5, a caller's stream): the text goes into
         * the log as the caller wrote it, not read into records and written out again. Only a text
         * that {@link #check} took may be given.
         */
        public static String encode(long time, String checkedRequest) {
            return Bodies.write(new AsWritten(time, checkedRequest));
        }

        /** @throws IllegalArgumentException unless {@code json} is one request and nothing more */
        public static ShardRequest check(String json) {
            try {
                return EXACTLY_ONE.readValue(json);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e.getOriginalMessage(), e);
            }
        }

        /** Read back as a {@link Stamped}: the same two fields, the request's text written as it is. */
        private record AsWritten(long time, @JsonRawValue String request) {
        }

        /** @throws IllegalArgumentException when the text is not one that {@link #encode} wrote */
        public static Stamped decode(String entry) {
            return Bodies.read(entry, Stamped.class);
        }
    }

    /** The requests that change nothing: a replica answers them from its state, through the read index. */
    @JsonIgnore
    default boolean isRead() {
        return this instanceof ListAll || this instanceof Balance || this instanceof RecordState || this instanceof Moves;
    }

    /** What a frozen shard still serves: the reads, the freeze's own thaw, and its reader's credits. */
    @JsonIgnore
    default boolean isAllowedWhileFrozen() {
        return isRead() || this instanceof Thaw;
    }

    /** Only the operator asks these, through the /admin/ paths that --admin turns on. */
    @JsonIgnore
    default boolean isAdmin() {
        return this instanceof InstallMap || this instanceof Export || this instanceof Import || this instanceof Moved
                || this instanceof Moves;
    }

    /**
     * The retry rule, in one place: a request may be sent again after a try whose answer was lost
     * only if repeating it cannot apply it twice: a read, a write under the client's Idempotency-Key,
     * or a two-phase step, which its transaction id makes idempotent. Anything else that may have
     * happened is the caller's to settle.
     */
    default boolean safeToRepeat() {
        String key = this instanceof Deposit d ? d.key()
                : this instanceof Withdraw w ? w.key()
                : this instanceof Transfer t ? t.key()
                : this instanceof Prepare p ? p.key()
                : null;
        return isRead() || key != null || this instanceof Intent || this instanceof Commit || this instanceof Abort
                || this instanceof Resolve || this instanceof Thaw;
    }

    /** The request's kind, as its JSON names it ("deposit", "prepare", "tx"). */
    default String verb() {
        return Verbs.OF.get(getClass());
    }

    /**
     * How chapter 3's data tier names the request, in its logs, its test hooks and under its
     * Idempotency-Keys ("deposit alice 500", "prepare x-1f"): a key reused for another request is
     * refused by this name.
     */
    default String name() {
        if (this instanceof Deposit d) {
            return "deposit " + d.id() + " " + d.amount();
        } else if (this instanceof Withdraw w) {
            return "withdraw " + w.id() + " " + w.amount();
        } else if (this instanceof Transfer t) {
            return "transfer " + t.from() + " " + t.to() + " " + t.amount();
        } else if (this instanceof Open o) {
            return "open " + o.id();
        } else if (this instanceof Balance) {
            return "read";
        } else if (this instanceof InstallMap) {
            return "install shard map";
        }
        String named = this instanceof Prepare p ? p.tx()
                : this instanceof Intent i ? i.tx()
                : this instanceof Commit c ? c.tx()
                : this instanceof Abort a ? a.tx()
                : this instanceof Resolve r ? r.tx()
                : this instanceof RecordState r ? r.tx()
                : this instanceof Freeze f ? f.id()
                : this instanceof Thaw t ? t.id()
                : this instanceof Export e ? e.id()
                : this instanceof Import i ? i.id()
                : this instanceof Moved m ? m.id()
                : null;
        return named == null ? verb() : verb() + " " + named;
    }

    /** Each kind's name, read once from the annotation that Jackson reads. */
    final class Verbs {
        private static final java.util.Map<Class<?>, String> OF = new java.util.HashMap<>();

        static {
            for (JsonSubTypes.Type type : ShardRequest.class.getAnnotation(JsonSubTypes.class).value()) {
                OF.put(type.value(), type.name());
            }
        }

        private Verbs() {
        }
    }
}
