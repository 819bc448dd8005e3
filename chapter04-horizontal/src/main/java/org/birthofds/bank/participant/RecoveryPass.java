package org.birthofds.bank.participant;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.ApiError;
import org.birthofds.bank.Bodies;
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
 * <p>FAILURE MODE (fixed in chapter 05): when the record's shard is down, its intents stay in
 * doubt (the money held, not lost) until that one shard comes back: it has no replica to ask.
 */
public final class RecoveryPass implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecoveryPass.class);

    private final Transactions transactions;
    private final Intents intents;
    private final Peers peers;
    private final long inDoubtNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recovery-pass");
        t.setDaemon(true);
        return t;
    });

    public RecoveryPass(Transactions transactions, Intents intents, Peers peers, Duration every, Duration inDoubt) {
        this.transactions = transactions;
        this.intents = intents;
        this.peers = peers;
        this.inDoubtNanos = inDoubt.toNanos();
        if (!every.isZero()) {
            timer.scheduleWithFixedDelay(this::runOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void runOnce() {
        for (Transactions.Record record : transactions.pendingOlderThan(inDoubtNanos)) {
            try {
                transactions.abort(record.tx, new Bodies.Abort(0, null, null));
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
                    intents.resolve(intent.tx, state.equals(Transactions.State.COMMITTED.name()));
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
