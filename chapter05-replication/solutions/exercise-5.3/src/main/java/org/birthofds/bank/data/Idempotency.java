package org.birthofds.bank.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.birthofds.bank.Account;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.Command;

/**
 * The first answer to every Idempotency-Key, kept where the data is. An answer that is lost on
 * its way back (a timeout, a dropped connection, a restarted logic tier) leaves the caller not
 * knowing whether the change happened; repeating the request with the same key settles it,
 * because a repeat gets the first answer and changes nothing more.
 *
 * <p>The keys live in the data tier, not the logic tier, for two reasons: the logic tier is
 * stateless (any of its servers may get the repeat), and a key must be written atomically with
 * the change it guards ({@link Command.Keyed}).
 *
 * <p>Exercise 5.3: a key is forgotten a day after its first use, so the table stops growing with
 * every request the bank ever took. The day is measured on the clock it is given: a replica of a
 * group gives the time the leader stamped on the entry being applied, never its own clock, so every
 * replica forgets a key at the same entry of the log.
 */
public final class Idempotency {

    /** A key, and the request it came with: a repeat must be the same request. */
    public record Key(String value, String request) {
    }

    /** What the data tier answered: a status and the body it sent. */
    public record Answer(int status, Object body) {
    }

    /** How long a key is kept after its first use. */
    static final long KEPT_MILLIS = 24 * 3_600_000L;

    /**
     * Chapter 5: a key as a replica's snapshot keeps it, with the body it was answered, as JSON. The keys must
     * survive compaction: a client that retries a keyed write after the snapshot, because the first answer was
     * lost, must get that answer and not a second deposit. Exercise 5.3: and its first use, or a restored copy
     * would forget it at another entry than its peers.
     */
    public record Saved(String key, String request, int status, JsonNode body, long at) {
    }

    private record First(String request, Answer answer, long at) {
        Answer to(Key key) {
            if (!request.equals(key.request())) {
                throw ApiError.keyReused(key.value(), request);
            }
            return answer;
        }
    }

    private final Map<String, First> firsts = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> underWay = new ConcurrentHashMap<>();
    private final String shard;
    private final LongSupplier millis;

    Idempotency() {
        this("shard-1");
    }

    /** @param shard this shard's id, which every transfer id it gives starts with */
    public Idempotency(String shard) {
        this(shard, () -> 0); // chapter 4's lone shard: keys kept for ever, as before
    }

    /** @param millis the time a key's age is measured by: a replica's is the time on the entry being applied */
    public Idempotency(String shard, LongSupplier millis) {
        this.shard = shard;
        this.millis = millis;
    }

    /**
     * Runs the operation the first time this key is seen, and gives every repeat its answer. A
     * repeat that arrives while the first is still under way waits for it, so that the two can
     * never both apply. A refusal is an answer too: it goes to {@code journal} before it is given.
     */
    public Answer once(Key key, Supplier<Answer> operation, Consumer<Command.Refused> journal) {
        while (true) {
            First first = firsts.get(key.value());
            if (first != null && millis.getAsLong() - first.at() >= KEPT_MILLIS) {
                firsts.remove(key.value(), first); // a day old: the key is free again, and this is a new request
                continue;
            }
            if (first != null) {
                return first.to(key);
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> other = underWay.putIfAbsent(key.value(), mine);
            if (other != null) {
                other.join();
                continue;
            }
            try {
                return firstTime(key, operation, journal);
            } finally {
                underWay.remove(key.value());
                mine.complete(null);
            }
        }
    }

    /** The first answer kept for this key, or null; a key first used for another request is refused. */
    public Answer firstAnswer(Key key) {
        First first = firsts.get(key.value());
        return first == null ? null : first.to(key);
    }

    /** Keeps a refusal that was journaled elsewhere (a cross-shard prepare's), so every repeat gets it. */
    public void remember(Command.Refused refusal) {
        firsts.put(refusal.key(), new First(refusal.request(),
                new Answer(refusal.status(), new Bodies.Error(refusal.code(), refusal.message())), millis.getAsLong()));
    }

    /**
     * Rebuilds the first answers from the journal at start, after each record is applied.
     *
     * @param balances each account's balance as the engine holds it, right after this record
     */
    public void replay(Command command, ToLongFunction<String> balances) {
        if (command instanceof Command.Keyed c && c.change() instanceof Command.Prepare) {
            return; // a cross-shard transfer's key: participant.Transactions keeps it, with the transaction it started
        } else if (command instanceof Command.Keyed c) {
            firsts.put(c.key(), new First(c.request(), answerTo(c.change(), balances), millis.getAsLong()));
        } else if (command instanceof Command.Refused c) {
            firsts.put(c.key(), new First(c.request(), new Answer(c.status(), new Bodies.Error(c.code(), c.message())),
                    millis.getAsLong()));
        }
    }

    /** Chapter 5: every key and its first answer, in key order, so that equal copies give equal snapshots. */
    public List<Saved> export() {
        return firsts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Saved(e.getKey(), e.getValue().request(), e.getValue().answer().status(),
                        Bodies.read(Bodies.write(e.getValue().answer().body()), JsonNode.class), e.getValue().at()))
                .toList();
    }

    /** Chapter 5: forgets every key, and keeps a snapshot's instead. */
    public void load(List<Saved> saved) {
        firsts.clear();
        saved.forEach(k -> firsts.put(k.key(), new First(k.request(), new Answer(k.status(), k.body()), k.at())));
    }

    private Answer firstTime(Key key, Supplier<Answer> operation, Consumer<Command.Refused> journal) {
        First first = firsts.get(key.value()); // the first may have finished just before we looked
        if (first != null && millis.getAsLong() - first.at() < KEPT_MILLIS) {
            return first.to(key);
        }
        Answer answer;
        try {
            answer = operation.get(); // on success, the change was journaled with its key
        } catch (ApiError refusal) {
            if (refusal.status >= 500) {
                throw refusal; // no answer to keep: nothing was decided
            }
            journal.accept(new Command.Refused(key.value(), key.request(), refusal.status, refusal.code, refusal.getMessage()));
            answer = new Answer(refusal.status, new Bodies.Error(refusal.code, refusal.getMessage()));
        }
        firsts.put(key.value(), new First(key.request(), answer, millis.getAsLong()));
        return answer;
    }

    /**
     * A replayed change's answer, as it was first given: each account's records are journaled in
     * the order its lock was taken, so its balance right after this record is the one answered.
     */
    private Answer answerTo(Command change, ToLongFunction<String> balances) {
        if (change instanceof Command.Transfer t) {
            return new Answer(201, new Bodies.TransferDone(t.transferId(shard), t.from(), t.to(), t.amount()));
        }
        String id = change instanceof Command.Deposit d ? d.id() : ((Command.Withdrawal) change).id();
        return new Answer(200, new Bodies.Account(id, balances.applyAsLong(id)));
    }
}
