package org.birthofds.bank;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a cross-shard transfer whose coordinator died mid-way: each shard looks, on a
 * timer, for what is still in doubt after {@code --in-doubt-ms}. Its own PENDING records it aborts
 * itself (it is their authority; a COMMITTED one cannot be aborted, so a late commit and this
 * abort can never both win). Its PENDING intents it cannot decide: it asks the record's shard,
 * and applies or drops as the record says; a record still PENDING will be aborted by its own
 * shard's pass, and the next look settles the intent.
 *
 * <p>Chapter 5: a replica group runs one pass, on whichever replica leads, and it settles by putting
 * the abort or the resolve in the group's log ({@link Settle}); the record's shard it asks is a group
 * too, so a dead machine no longer keeps an intent in doubt: the group's next leader answers.
 * (Chapter 4's words, where it bit: "when the record's shard is down, its intents stay in doubt
 * until that one shard comes back: it has no replica to ask".)
 */
final class RecoveryPass implements AutoCloseable {
    /** How a pass settles what it found: at once on chapter 4's shard, through the log on a replica group. */
    interface Settle {
        /** Aborts a PENDING record; refused (409) if a commit won the race. */
        void abort(String tx) throws Unreachable;

        void resolve(String tx, boolean committed) throws Unreachable;
    }

    private static final Logger log = LoggerFactory.getLogger(RecoveryPass.class);

    private final Transactions transactions;
    private final Intents intents;
    private final Peers peers;
    private final Settle settle;
    private final BooleanSupplier active;
    private final long inDoubtNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recovery-pass");
        t.setDaemon(true);
        return t;
    });

    RecoveryPass(Transactions transactions, Intents intents, Peers peers, Duration every, Duration inDoubt) {
        this(transactions, intents, peers, new Settle() {
            @Override
            public void abort(String tx) {
                transactions.abort(tx, new Bodies.Abort(0, null, null));
            }

            @Override
            public void resolve(String tx, boolean committed) {
                intents.resolve(tx, committed);
            }
        }, () -> true, every, inDoubt);
    }

    /** @param active whether to look now: a replica group's pass runs only on its leader */
    RecoveryPass(Transactions transactions, Intents intents, Peers peers, Settle settle, BooleanSupplier active,
                 Duration every, Duration inDoubt) {
        this.transactions = transactions;
        this.intents = intents;
        this.peers = peers;
        this.settle = settle;
        this.active = active;
        this.inDoubtNanos = inDoubt.toNanos();
        if (!every.isZero()) {
            timer.scheduleWithFixedDelay(this::runOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void runOnce() {
        if (!active.getAsBoolean()) {
            return;
        }
        for (Transactions.Record record : transactions.pendingOlderThan(inDoubtNanos)) {
            try {
                settle.abort(record.tx);
                log.info("Aborted {} in doubt: its coordinator never decided", record.tx);
                tellPayee(record);
            } catch (ApiError | Unreachable e) {
                log.info("Recovery of record {}: {}", record.tx, e.getMessage()); // a commit won the race, or the payee is away
            }
        }
        for (Intents.Intent intent : intents.pendingOlderThan(inDoubtNanos)) {
            try {
                Response answer = peers.call(intent.recordShard, "GET", "/transactions/" + intent.tx, null);
                if (answer == null || !answer.ok()) {
                    log.warn("Intent {}: its record's shard {} answered {}", intent.tx, intent.recordShard,
                            answer == null ? "nothing (not in the shard map)" : answer.status());
                    continue;
                }
                String state = Bodies.read(answer.body(), Bodies.TxState.class).state();
                if (!state.equals(Transactions.State.PENDING.name())) {
                    settle.resolve(intent.tx, state.equals(Transactions.State.COMMITTED.name()));
                    log.info("Settled intent {} as {}, as its record on {} says", intent.tx, state, intent.recordShard);
                }
            } catch (Unreachable e) {
                log.warn("Intent {} stays in doubt: {}", intent.tx, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Intent {}: {}", intent.tx, e.getMessage());
            }
        }
    }

    private void tellPayee(Transactions.Record record) throws Unreachable {
        peers.call(record.toShard, "POST", "/transactions/" + record.tx + "/resolve",
                Bodies.write(new Bodies.Resolve(Transactions.State.ABORTED.name())));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
