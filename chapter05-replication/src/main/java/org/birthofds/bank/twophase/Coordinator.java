package org.birthofds.bank.twophase;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.ShardClient;
import org.birthofds.bank.protocol.ShardRequest;

/**
 * The logic tier's driver of {@link Transfer}, the two-phase commit written as a step machine: it
 * names each new transaction and carries the machine's calls out over HTTP, one at a time, on the
 * request's thread. The simulator drives the same machine in virtual time.
 */
public final class Coordinator {
    /**
     * TEST HOOK, off unless this system property is "true": the coordinator stops before the decision,
     * prints a marker line, and waits to be killed (the coordinator-crash test runs it in a child JVM).
     */
    public static final String HOLD_BEFORE_DECISION = "birthofds.test.hold-before-decision";
    public static final String HOLDING_MARKER = "TEST HOOK: holding before the decision of ";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShardClient shards;
    private volatile Consumer<String> beforeDecision;

    public Coordinator(ShardClient shards) {
        this.shards = shards;
        this.beforeDecision = Boolean.getBoolean(HOLD_BEFORE_DECISION) ? Coordinator::holdUntilKilled : tx -> {
        };
    }

    /** The transfer's answer: 201, a refusal, or 503 when a shard gave no answer in time (it may or may not happen). */
    public Response transfer(Bodies.Transfer t, String key) {
        String tx = "x-" + HexFormat.of().formatHex(randomBytes());
        Transfer machine = new Transfer(t, key, tx, shards.shardFor(t.from()), shards.shardFor(t.to()));
        return shards.drive(machine, (shard, request) -> {
            if (request instanceof ShardRequest.Commit commit) {
                beforeDecision.accept(commit.tx());
            }
        }, (shard, request) -> {
        });
    }

    /** A test's fault hook, off unless a test sets it: runs after both intents are durable, before the decision. */
    public void beforeDecision(Consumer<String> hook) {
        beforeDecision = hook;
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
