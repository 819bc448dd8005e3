package org.birthofds.bank.twophase;

import org.birthofds.bank.Bodies;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.Next;
import org.birthofds.bank.protocol.Next.Call;
import org.birthofds.bank.protocol.Next.Done;
import org.birthofds.bank.protocol.Outcome;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;

/**
 * One transfer, made atomic across two shards by two-phase commit with the decision durable before
 * anyone is told (the Percolator and CockroachDB shape), as a step machine ({@link Steps}):
 * <ol>
 * <li>prepare at the payer's shard: the transaction record, PENDING, and a hold on the funds;
 * <li>intent at the payee's shard: a durable promise to credit, pointing at the record;
 * <li>commit at the payer's shard: PENDING to COMMITTED and the debit, in one record of its log.
 *     That record is the decision: before it, the transfer can still be aborted; after it, never;
 * <li>resolve at the payee's shard: the credit, applied before the answer (chapter 5: so that a read
 *     of the payee that begins after the answer sees the money);
 * <li>answer 201.
 * </ol>
 * A refusal at the payee aborts at the payer. The machine keeps nothing that matters: the record
 * holds the state, so a logic node that dies anywhere in here leaves nothing a shard's recovery
 * pass cannot settle, and a keyed repeat on any logic node finds the transaction through its key
 * and carries it on. Every step after the prepare is keyed by the transaction id, so it is safe to
 * send again. Within one shard, a transfer is chapter 3's one request.
 */
public final class Transfer implements Steps {
    private enum Step { ONE_SHARD, PREPARE, INTENT, ABORT_REFUSED, RECHECK, COMMIT, CREDIT, ABORT_THEN_DROP, DROP }

    private final Bodies.Transfer transfer;
    private final String key;
    private final String newTx;
    private final String payer;
    private final String payee;
    private Step step;
    private Bodies.TxState record;
    private Response refusal; // the payee's answer, given once the abort it caused is done
    private Response answer; // given once the best-effort steps before it are done

    /**
     * @param key   the client's Idempotency-Key, or null
     * @param newTx the id for a new transaction (a keyed repeat carries on the one its key started)
     */
    public Transfer(Bodies.Transfer transfer, String key, String newTx, String payer, String payee) {
        this.transfer = transfer;
        this.key = key;
        this.newTx = newTx;
        this.payer = payer;
        this.payee = payee;
    }

    @Override
    public Next start() {
        if (payer.equals(payee)) {
            step = Step.ONE_SHARD;
            return new Call(payer, new ShardRequest.Transfer(transfer.from(), transfer.to(), transfer.amount(), key));
        }
        step = Step.PREPARE;
        return new Call(payer, new ShardRequest.Prepare(newTx,
                new Bodies.Prepare(transfer.from(), transfer.to(), payee, transfer.amount()), key));
    }

    @Override
    public Next on(Outcome o) {
        return switch (step) {
            case ONE_SHARD -> o.lost() != null ? unavailable(o.why()) : new Done(o.answer());
            case PREPARE -> {
                if (o.lost() != null) {
                    yield unavailable(o.why());
                }
                // No such payer, too little available, a reused key: the first answer, kept under the key.
                yield o.status() != 201 ? new Done(o.answer()) : drive(o.read(Bodies.TxState.class));
            }
            case INTENT -> intentAnswered(o);
            case ABORT_REFUSED -> {
                if (o.lost() != null) {
                    yield unavailable(o.why());
                }
                if (o.status() == 409) { // another coordinator of the same key committed it first
                    step = Step.RECHECK;
                    yield new Call(payer, new ShardRequest.RecordState(tx()));
                }
                yield new Done(refusal);
            }
            case RECHECK -> o.ok() ? drive(o.read(Bodies.TxState.class)) : unavailable(o.why());
            case COMMIT -> committed(o);
            case CREDIT -> credited(o);
            case ABORT_THEN_DROP -> aborted(o) ? drop(answer) : new Done(answer);
            case DROP -> new Done(answer);
        };
    }

    /** Under a key, the record may be an earlier one, started by another logic node: carry it on. */
    private Next drive(Bodies.TxState known) {
        record = known;
        switch (known.state()) {
            case "COMMITTED" -> {
                return credit();
            }
            case "ABORTED" -> {
                return new Done(refusalOf(known));
            }
            default -> {
                step = Step.INTENT;
                return new Call(payee, new ShardRequest.Intent(tx(), new Bodies.Intent(known.to(), known.amount(), payer)));
            }
        }
    }

    private Next intentAnswered(Outcome o) {
        if (o.lost() != null) { // the intent may exist: abort, and drop it once the record says ABORTED
            return abortThen(Outcome.unavailable(o.why()));
        }
        if (o.status() >= 500) { // the payee's shard cannot take it now (its account is moving): nothing is decided
            return abortThen(o.answer());
        }
        if (o.status() != 201) {
            Bodies.Error why = o.read(Bodies.Error.class);
            refusal = o.answer();
            step = Step.ABORT_REFUSED;
            return new Call(payer, new ShardRequest.Abort(tx(), new Bodies.Abort(o.status(), why.error(), why.message())));
        }
        if (o.read(Bodies.IntentState.class).state().equals("DROPPED")) { // a recovery pass gave up on it first
            return abortThen(Outcome.unavailable("transaction " + tx() + " was rolled back before its decision;"
                    + " nothing moved"));
        }
        step = Step.COMMIT; // the decision: a driver's fault hooks hold or kill the coordinator right here
        return new Call(payer, new ShardRequest.Commit(tx()));
    }

    private Next committed(Outcome o) {
        if (o.lost() != null) {
            return unavailable(o.why()); // in doubt: only the record knows, and the recovery passes settle both sides
        }
        if (o.status() == 409) { // the payer's recovery pass gave up on us first, and aborted
            return drop(Outcome.unavailable("transaction " + tx() + " was rolled back before its commit; nothing moved"));
        }
        return o.ok() ? credit() : new Done(o.answer());
    }

    /**
     * Chapter 5: the credit is applied before the client hears 201, so that a read of the payee that
     * begins after the answer sees the money (the API's linearizable reads). If the payee's group cannot
     * apply it in time, the transfer is decided but its answer is not given: 503, and a repeat under the
     * same Idempotency-Key finds the record COMMITTED and credits again, once.
     */
    private Next credit() {
        step = Step.CREDIT;
        return new Call(payee, new ShardRequest.Resolve(tx(), true));
    }

    private Next credited(Outcome o) {
        if (!o.ok()) {
            return unavailable("transaction " + tx() + " is committed, but its credit is not applied yet ("
                    + o.why() + "); repeat it with the same Idempotency-Key");
        }
        return new Done(new Response(201, Bodies.write(new Bodies.TransferDone(record.tx(), record.from(), record.to(),
                record.amount()))));
    }

    /**
     * Nothing was decided: abort at the payer, then drop the intent, then answer. Both are best effort (a
     * recovery pass finishes what they leave), and the drop only follows an abort the record confirmed:
     * an intent dropped while its record could still commit would lose the credit.
     */
    private Next abortThen(Response then) {
        answer = then;
        step = Step.ABORT_THEN_DROP;
        return new Call(payer, new ShardRequest.Abort(tx(), new Bodies.Abort(0, null, null)));
    }

    private static boolean aborted(Outcome o) {
        return o.status() == 200 && o.read(Bodies.TxState.class).state().equals("ABORTED");
    }

    /** The record is ABORTED: the payee drops the intent, then the answer. */
    private Next drop(Response then) {
        answer = then;
        step = Step.DROP;
        return new Call(payee, new ShardRequest.Resolve(tx(), false));
    }

    private String tx() {
        return record.tx();
    }

    /** An aborted record's kept refusal (the payee's 404 or 422), which every keyed repeat gets again. */
    private static Response refusalOf(Bodies.TxState record) {
        if (record.status() == 0) {
            return Outcome.unavailable("transaction " + record.tx() + " was rolled back; nothing moved");
        }
        return new Response(record.status(), Bodies.write(new Bodies.Error(record.error(), record.message())));
    }

    private static Done unavailable(String why) {
        return new Done(Outcome.unavailable(why));
    }
}
