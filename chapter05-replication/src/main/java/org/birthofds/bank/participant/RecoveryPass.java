package org.birthofds.bank.participant;

import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.Caller;
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
    /** A PENDING record, and where its payee's intent is. */
    record Doubtful(String tx, String toShard) {
    }

    /** A PENDING intent, and the shard that holds its record. */
    record Unsure(String tx, String recordShard) {
    }

    /** What a shard has held in doubt for too long. */
    public record InDoubt(List<Doubtful> records, List<Unsure> intents) {
        public boolean isEmpty() {
            return records.isEmpty() && intents.isEmpty();
        }
    }

    /** What a shard learnt of before {@code nanos} (its clock's) and has not settled since. */
    public static InDoubt inDoubt(Transactions transactions, Intents intents, long nanos) {
        return new InDoubt(transactions.pendingSince(nanos).stream().map(r -> new Doubtful(r.tx, r.toShard)).toList(),
                intents.pendingSince(nanos).stream().map(i -> new Unsure(i.tx, i.recordShard)).toList());
    }

    private final List<String> done = new ArrayList<>(); // what it did, for its runtime's log: it writes none itself

    private enum Step { ABORT, TELL_PAYEE, ASK_RECORD, SETTLE_INTENT }

    private final String shard;
    private final InDoubt found;
    private Step step;
    private int at = -1;

    /** @param shard the shard this pass settles for */
    public RecoveryPass(String shard, InDoubt found) {
        this.shard = shard;
        this.found = found;
    }

    /** What this pass did and found, one line each. */
    List<String> done() {
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
                Doubtful record = found.records().get(at);
                if (!o.ok()) { // a commit won the race (409), or the group could not take it now
                    done.add("record " + record.tx() + " not aborted: " + o.why());
                    yield nextRecord();
                }
                done.add("aborted " + record.tx() + ", in doubt: its coordinator never decided");
                step = Step.TELL_PAYEE;
                yield new Call(record.toShard(), new ShardRequest.Resolve(record.tx(), false));
            }
            case TELL_PAYEE -> nextRecord(); // best effort: the payee's own pass asks the record later
            case ASK_RECORD -> {
                Unsure intent = found.intents().get(at);
                if (!o.ok()) {
                    done.add("intent " + intent.tx() + " stays in doubt: its record's shard " + intent.recordShard() + ": " + o.why());
                    yield nextIntent();
                }
                String state = o.read(Bodies.TxState.class).state();
                if (state.equals(Transactions.State.PENDING.name())) {
                    yield nextIntent();
                }
                done.add("settled intent " + intent.tx() + " as " + state + ", as its record on " + intent.recordShard() + " says");
                step = Step.SETTLE_INTENT;
                yield new Call(shard, new ShardRequest.Resolve(intent.tx(), state.equals(Transactions.State.COMMITTED.name())));
            }
            case SETTLE_INTENT -> nextIntent();
        };
    }

    private Next nextRecord() {
        if (++at < found.records().size()) {
            step = Step.ABORT;
            return new Call(shard, new ShardRequest.Abort(found.records().get(at).tx(), new Bodies.Abort(0, null, null)));
        }
        at = -1;
        return nextIntent();
    }

    private Next nextIntent() {
        if (++at < found.intents().size()) {
            step = Step.ASK_RECORD;
            return new Call(found.intents().get(at).recordShard(), new ShardRequest.RecordState(found.intents().get(at).tx()));
        }
        return new Done(new Response(200, "{}"));
    }

    /** One pass, driven on the calling thread by a lone shard's or a replica's runtime; what it did, one line each. */
    public static List<String> runOnce(String shard, InDoubt found, Caller caller) {
        if (found.isEmpty()) {
            return List.of();
        }
        RecoveryPass pass = new RecoveryPass(shard, found);
        caller.drive(pass);
        return pass.done();
    }
}
