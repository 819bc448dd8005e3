package org.birthofds.bank.participant;

import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.Next;
import org.birthofds.bank.protocol.Next.Call;
import org.birthofds.bank.protocol.Next.Done;
import org.birthofds.bank.protocol.Outcome;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;

/**
 * What happens to a cross-shard transfer whose coordinator died mid-way: each shard looks, on a
 * timer, at what is still in doubt after {@code --in-doubt-ms} ({@link InDoubt}). Its own PENDING
 * records it aborts (it is their authority; a COMMITTED one cannot be aborted, so a late commit and
 * this abort can never both win), then tells the payee. Its PENDING intents it cannot decide: it
 * asks the record's shard, and applies or drops as the record says; a record still PENDING will be
 * aborted by its own shard's pass, and the next look settles the intent.
 *
 * <p>A step machine ({@link Steps}): it sends every step as a request to a shard, its own included,
 * as any client would, so it does no I/O of its own. Chapter 5: a replica group runs it on whichever
 * replica leads, outside the replicated state machine, and its requests to its own group go through
 * the group's log; the record's shard it asks is a group too, so a dead machine no longer keeps an
 * intent in doubt. (Chapter 4's words, where it bit: "when the record's shard is down, its intents
 * stay in doubt until that one shard comes back: it has no replica to ask".)
 */
public final class RecoveryPass implements Steps {
    /**
     * A pass over what a shard learnt of before {@code nanos} (its clock's) and has not settled since;
     * null when nothing is in doubt.
     */
    public static RecoveryPass over(String shard, Transactions transactions, Intents intents, long nanos) {
        List<Transactions.Record> records = transactions.pendingSince(nanos);
        List<Intents.Intent> unsure = intents.pendingSince(nanos);
        return records.isEmpty() && unsure.isEmpty() ? null : new RecoveryPass(shard, records, unsure);
    }

    private final List<String> done = new ArrayList<>(); // what it did, for its runtime's log: it writes none itself

    private enum Step { ABORT, TELL_PAYEE, ASK_RECORD, SETTLE_INTENT }

    private final String shard;
    private final List<Transactions.Record> records;
    private final List<Intents.Intent> intents;
    private Step step;
    private int at = -1;

    /** @param shard the shard this pass settles for */
    private RecoveryPass(String shard, List<Transactions.Record> records, List<Intents.Intent> intents) {
        this.shard = shard;
        this.records = records;
        this.intents = intents;
    }

    @Override
    public List<String> report() {
        return List.copyOf(done);
    }

    @Override
    public Next start() {
        return nextRecord();
    }

    @Override
    public Next on(Outcome o) {
        return switch (step) {
            case ABORT -> {
                Transactions.Record record = records.get(at);
                if (!o.ok()) { // a commit won the race (409), or the group could not take it now
                    done.add("record " + record.tx + " not aborted: " + o.why());
                    yield nextRecord();
                }
                done.add("aborted " + record.tx + ", in doubt: its coordinator never decided");
                step = Step.TELL_PAYEE;
                yield new Call(record.toShard, new ShardRequest.Resolve(record.tx, false));
            }
            case TELL_PAYEE -> nextRecord(); // best effort: the payee's own pass asks the record later
            case ASK_RECORD -> {
                Intents.Intent intent = intents.get(at);
                if (!o.ok()) {
                    done.add("intent " + intent.tx + " stays in doubt: its record's shard " + intent.recordShard + ": " + o.why());
                    yield nextIntent();
                }
                String state = o.read(Bodies.TxState.class).state();
                if (state.equals(Transactions.State.PENDING.name())) {
                    yield nextIntent();
                }
                done.add("settled intent " + intent.tx + " as " + state + ", as its record on " + intent.recordShard + " says");
                step = Step.SETTLE_INTENT;
                yield new Call(shard, new ShardRequest.Resolve(intent.tx, state.equals(Transactions.State.COMMITTED.name())));
            }
            case SETTLE_INTENT -> nextIntent();
        };
    }

    private Next nextRecord() {
        if (++at < records.size()) {
            step = Step.ABORT;
            return new Call(shard, new ShardRequest.Abort(records.get(at).tx, new Bodies.Abort(0, null, null)));
        }
        at = -1;
        return nextIntent();
    }

    private Next nextIntent() {
        if (++at < intents.size()) {
            step = Step.ASK_RECORD;
            return new Call(intents.get(at).recordShard, new ShardRequest.RecordState(intents.get(at).tx));
        }
        return new Done(new Response(200, "{}"));
    }
}
