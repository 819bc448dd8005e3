package org.birthofds.bank.twophase;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transfer between two shards, made atomic by two-phase commit with the decision durable before
 * anyone is told (the Percolator and CockroachDB shape):
 * <ol>
 * <li>prepare at the payer's shard: the transaction record, PENDING, and a hold on the funds;
 * <li>intent at the payee's shard: a durable promise to credit, pointing at the record;
 * <li>commit at the payer's shard: PENDING to COMMITTED and the debit, in one journal record.
 *     That record is the decision: before it, the transfer can still be aborted; after it, never;
 * <li>resolve at the payee's shard: the credit is applied (best effort: if this is lost, the
 *     payee's recovery pass asks the record, and applies it then);
 * <li>answer 201.
 * </ol>
 * A refusal at the payee aborts at the payer. The coordinator keeps nothing: the record holds the
 * state, so a logic node that dies anywhere in here leaves nothing a shard cannot settle, and a
 * keyed repeat on any logic node finds the transaction through its key and carries it on. Every
 * step is idempotent by transaction id, so each is sent as safe to repeat (its key is the id).
 */
public final class Coordinator {
    /**
     * TEST HOOK, off unless this system property is "true": the coordinator stops before the decision,
     * prints a marker line, and waits to be killed (the coordinator-crash test runs it in a child JVM).
     */
    public static final String HOLD_BEFORE_DECISION = "birthofds.test.hold-before-decision";
    public static final String HOLDING_MARKER = "TEST HOOK: holding before the decision of ";

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Shards shards;
    private volatile Consumer<String> beforeDecision;

    public Coordinator(Shards shards) {
        this.shards = shards;
        this.beforeDecision = Boolean.getBoolean(HOLD_BEFORE_DECISION) ? Coordinator::holdUntilKilled : tx -> {
        };
    }

    /** @throws ApiError 503 when a shard gave no answer in time: the transfer may or may not happen */
    public Response transfer(Bodies.Transfer t, String key) {
        String payer = shards.shardFor(t.from());
        String payee = shards.shardFor(t.to());
        if (payer.equals(payee)) {
            return call(payer, "POST", "/transfers", Bodies.write(t), key); // chapter 3's path: one journal record
        }
        String tx = "x-" + HexFormat.of().formatHex(randomBytes());
        Response prepared = call(payer, "POST", "/transactions/" + tx + "/prepare",
                Bodies.write(new Bodies.Prepare(t.from(), t.to(), payee, t.amount())), key);
        if (prepared.status() != 201) {
            return prepared; // no such payer, too little available, a reused key: the first answer, kept under the key
        }
        // Under a key, the record may be an earlier one, started by another logic node: carry it on.
        return drive(Bodies.read(prepared.body(), Bodies.TxState.class), payer, payee);
    }

    private Response drive(Bodies.TxState record, String payer, String payee) {
        String tx = record.tx();
        if (record.state().equals("COMMITTED")) {
            resolveQuietly(payee, tx, "COMMITTED");
            return done(record);
        } else if (record.state().equals("ABORTED")) {
            return refusal(record);
        }
        Response intent;
        try {
            intent = shards.call(payee, "POST", "/transactions/" + tx + "/intent",
                    Bodies.write(new Bodies.Intent(record.to(), record.amount(), payer)), tx);
        } catch (Unreachable e) {
            // The intent may exist. Drop it only once the record says ABORTED: an intent dropped while its record
            // could still commit (a keyed repeat carries the same transaction on) would lose the credit.
            if (abortQuietly(payer, tx, new Bodies.Abort(0, null, null))) {
                resolveQuietly(payee, tx, "ABORTED");
            }
            throw unavailable(e);
        }
        if (intent.status() >= 500) { // the payee's shard cannot take it now (its account is moving): nothing is decided
            abortQuietly(payer, tx, new Bodies.Abort(0, null, null));
            return intent;
        }
        if (intent.status() != 201) {
            Bodies.Error why = Bodies.read(intent.body(), Bodies.Error.class);
            Response aborted = call(payer, "POST", "/transactions/" + tx + "/abort",
                    Bodies.write(new Bodies.Abort(intent.status(), why.error(), why.message())), tx);
            if (aborted.status() == 409) { // another coordinator of the same key committed it first
                return drive(state(payer, tx), payer, payee);
            }
            return intent;
        }
        beforeDecision.accept(tx);
        Response committed;
        try {
            committed = shards.call(payer, "POST", "/transactions/" + tx + "/commit", null, tx);
        } catch (Unreachable e) {
            throw unavailable(e); // in doubt: only the record knows, and the recovery passes will settle both sides
        }
        if (committed.status() == 409) { // the payer's recovery pass gave up on us first, and aborted
            resolveQuietly(payee, tx, "ABORTED");
            throw ApiError.unavailable("transaction " + tx + " was rolled back before its commit; nothing moved");
        } else if (!committed.ok()) {
            return committed;
        }
        resolveQuietly(payee, tx, "COMMITTED");
        return done(record);
    }

    /** A test's fault hook, off unless a test sets it: runs after both intents are durable, before the decision. */
    public void beforeDecision(Consumer<String> hook) {
        beforeDecision = hook;
    }

    private Bodies.TxState state(String payer, String tx) {
        return Bodies.read(call(payer, "GET", "/transactions/" + tx, null, null).body(), Bodies.TxState.class);
    }

    /** Whether the record is now ABORTED; an abort not delivered is done by the payer's recovery pass. */
    private boolean abortQuietly(String payer, String tx, Bodies.Abort why) {
        try {
            Response answer = shards.call(payer, "POST", "/transactions/" + tx + "/abort", Bodies.write(why), tx);
            return answer.ok() && Bodies.read(answer.body(), Bodies.TxState.class).state().equals("ABORTED");
        } catch (Unreachable e) {
            log.warn("Abort of {} not delivered, the payer's recovery pass will abort it: {}", tx, e.getMessage());
            return false;
        }
    }

    /** Best effort: an unresolved intent is settled later by its shard's recovery pass, which asks the record. */
    private void resolveQuietly(String payee, String tx, String outcome) {
        try {
            shards.call(payee, "POST", "/transactions/" + tx + "/resolve", Bodies.write(new Bodies.Resolve(outcome)), tx);
        } catch (Unreachable e) {
            log.warn("Resolve {} of {} not delivered, the payee's recovery pass will settle it: {}", outcome, tx, e.getMessage());
        }
    }

    private Response call(String shard, String method, String path, String json, String key) {
        try {
            return shards.call(shard, method, path, json, key);
        } catch (Unreachable e) {
            throw unavailable(e);
        }
    }

    private static Response done(Bodies.TxState record) {
        return new Response(201, Bodies.write(new Bodies.TransferDone(record.tx(), record.from(), record.to(), record.amount())));
    }

    /** An aborted record's kept refusal (the payee's 404 or 422), which every keyed repeat gets again. */
    private static Response refusal(Bodies.TxState record) {
        if (record.status() == 0) {
            throw ApiError.unavailable("transaction " + record.tx() + " was rolled back; nothing moved");
        }
        return new Response(record.status(), Bodies.write(new Bodies.Error(record.error(), record.message())));
    }

    private static ApiError unavailable(Unreachable e) {
        return ApiError.unavailable(e.getMessage());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void holdUntilKilled(String tx) {
        System.out.println(HOLDING_MARKER + tx);
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(60_000); // the test kills this JVM here, between the intents and the decision
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
