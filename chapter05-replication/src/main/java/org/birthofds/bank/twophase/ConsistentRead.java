package org.birthofds.bank.twophase;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.birthofds.bank.Account;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.protocol.Next;
import org.birthofds.bank.protocol.Next.Call;
import org.birthofds.bank.protocol.Next.Done;
import org.birthofds.bank.protocol.Outcome;
import org.birthofds.bank.protocol.ShardRequest;
import org.birthofds.bank.protocol.Steps;

/**
 * {@code GET /accounts} across shards as one moment of the bank, as a step machine ({@link Steps}).
 * Each shard's own listing is consistent, but two listings taken one after the other are of two
 * moments, and a transfer that commits between them is counted twice or not at all.
 *
 * <p>So: freeze every shard in shard-id order (the one global order, chapter 2's lesson again: two
 * readers never each hold a shard the other waits for); each freeze answers its balances and
 * PENDING intents. While all are frozen, ask each intent's record shard for its fate, and count a
 * payee's credit that is COMMITTED but not yet applied. Chapter 5: apply those credits, still under
 * the freeze (the one write a frozen shard takes is its reader's credit), then thaw them all. Applied
 * after the thaw, as this class first did, a later write to the payee could land before the credit
 * it counted, and a read of the payee between the two would see a bank no order explains; the
 * simulator, running this class, found it. What it costs: every write waits for the read; a read is
 * 2M calls (a freeze and a thaw per shard) plus one per pending intent, and one per credit.
 */
public final class ConsistentRead implements Steps {
    public enum Mode { CONSISTENT, NAIVE }

    private enum Step { LIST, FREEZE, FATE, THAW, CREDIT }

    private final List<String> shards;
    private final Mode mode;
    private final String freezeId;
    private final long leaseMs;
    private final Map<String, Long> balances = new TreeMap<>();
    private final List<Bodies.Frozen> frozen = new ArrayList<>();
    private final List<Bodies.IntentState> pending = new ArrayList<>();
    private final List<Integer> pendingAt = new ArrayList<>(); // the frozen shard each pending intent was listed by
    private final List<Integer> counted = new ArrayList<>(); // the pending intents whose credit this read counts
    private Step step;
    private int at;
    private Response answer; // given once every frozen shard is thawed

    /**
     * @param shards   every shard, in shard-id order: one map for the whole read, even if a new one arrives meanwhile
     * @param freezeId the freeze's name (over HTTP, each shard names its own, and its answer says which)
     */
    public ConsistentRead(List<String> shards, Mode mode, String freezeId, long leaseMs) {
        this.shards = List.copyOf(shards);
        this.mode = shards.size() == 1 ? Mode.NAIVE : mode; // one shard's listing is one moment already
        this.freezeId = freezeId;
        this.leaseMs = leaseMs;
    }

    @Override
    public Next start() {
        at = 0;
        if (mode == Mode.NAIVE) {
            step = Step.LIST;
            return new Call(shards.get(0), new ShardRequest.ListAll());
        }
        step = Step.FREEZE;
        return new Call(shards.get(0), new ShardRequest.Freeze(freezeId, leaseMs));
    }

    @Override
    public Next on(Outcome o) {
        return switch (step) {
            case LIST -> listed(o);
            case FREEZE -> frozen(o);
            case FATE -> fate(o);
            case THAW -> thawed(o);
            case CREDIT -> credited(o);
        };
    }

    /**
     * FAILURE MODE (fixed in chapter 04, by freezing): shard by shard, each listing of its own moment.
     * With one shard it is exact, and that is all it is used for unless {@code --reads naive} asks for it.
     */
    private Next listed(Outcome o) {
        if (!o.ok()) {
            return fail("shard " + shards.get(at) + ": " + o.why());
        }
        o.read(Bodies.AccountList.class).accounts().forEach(a -> balances.put(a.id(), a.balance()));
        return ++at < shards.size() ? new Call(shards.get(at), new ShardRequest.ListAll()) : done();
    }

    private Next frozen(Outcome o) {
        if (!o.ok()) {
            return fail("shard " + shards.get(at) + " could not be frozen: " + o.why());
        }
        frozen.add(o.read(Bodies.Frozen.class));
        if (++at < shards.size()) {
            return new Call(shards.get(at), new ShardRequest.Freeze(freezeId, leaseMs));
        }
        // Everything is frozen: no record can change state, and no intent can be applied, until the thaw.
        String stale = staleMap();
        if (stale != null) {
            return fail(stale);
        }
        frozen.forEach(f -> f.accounts().forEach(a -> balances.put(a.id(), a.balance())));
        for (int i = 0; i < frozen.size(); i++) {
            for (Bodies.IntentState intent : frozen.get(i).intents()) {
                pending.add(intent);
                pendingAt.add(i);
            }
        }
        at = -1;
        return askFate();
    }

    private Next askFate() {
        if (++at == pending.size()) {
            answer = listing();
            at = -1;
            return nextCredit();
        }
        Bodies.IntentState intent = pending.get(at);
        step = Step.FATE;
        return new Call(intent.recordShard(), new ShardRequest.RecordState(intent.tx()));
    }

    private Next fate(Outcome o) {
        Bodies.IntentState intent = pending.get(at);
        if (!o.ok()) {
            return fail("the record of " + intent.tx() + " on " + intent.recordShard() + ": " + o.why());
        }
        if (o.read(Bodies.TxState.class).state().equals("COMMITTED")) {
            balances.merge(intent.to(), intent.amount(), Long::sum); // debited at the payer, not yet credited here
            counted.add(at);
        }
        return askFate();
    }

    /**
     * Chapter 4, rebalancing: accounts that moved to a shard this read did not freeze are in no listing
     * it read, so its total would be short. It must say so (503), not answer a wrong total.
     */
    private String staleMap() {
        for (Bodies.Frozen f : frozen) {
            for (String to : f.movedTo() == null ? List.<String>of() : f.movedTo()) {
                if (!shards.contains(to)) {
                    return "accounts of " + f.shard() + " moved to " + to + ", which this logic node's shard map "
                            + shards + " lacks; it needs the new map";
                }
            }
        }
        return null;
    }

    /** Thaws every shard frozen so far, then answers; a thaw that is lost is done by the freeze's lease. */
    private Next thaw() {
        step = Step.THAW;
        at = -1;
        return thawNext();
    }

    /**
     * Only a freeze that held to its thaw kept its shard still: one whose lease ran out let writes in,
     * and a listing counted across that gap could show a transfer twice. So the read fails then.
     */
    private Next thawed(Outcome o) {
        if (answer.ok() && !(o.ok() && Boolean.TRUE.equals(o.read(Bodies.Thawed.class).thawed()))) {
            answer = Outcome.unavailable("the freeze of " + shards.get(at) + " ended before its thaw (" + (o.ok()
                    ? "its lease ran out" : o.why()) + "), so the listing is not of one moment");
        }
        return thawNext();
    }

    private Next thawNext() {
        if (++at < frozen.size()) {
            return new Call(shards.get(at), new ShardRequest.Thaw(frozen.get(at).freezeId()));
        }
        return new Done(answer);
    }

    /** The next credit this read counted, applied at its payee's shard under that shard's freeze; then the thaws. */
    private Next nextCredit() {
        if (++at == counted.size()) {
            return thaw();
        }
        step = Step.CREDIT;
        int intent = counted.get(at);
        Bodies.Frozen where = frozen.get(pendingAt.get(intent));
        return new Call(shards.get(pendingAt.get(intent)),
                new ShardRequest.Resolve(pending.get(intent).tx(), true, where.freezeId()));
    }

    private Next credited(Outcome o) {
        if (!o.ok()) {
            Bodies.IntentState intent = pending.get(counted.get(at));
            return fail("the credit of " + intent.tx() + " to " + intent.to() + ", which this listing counts, could not"
                    + " be applied: " + o.why());
        }
        return nextCredit();
    }

    private Next fail(String why) {
        answer = Outcome.unavailable(why);
        return mode == Mode.NAIVE ? new Done(answer) : thaw();
    }

    private Next done() {
        return new Done(listing());
    }

    private Response listing() {
        List<Bodies.Account> accounts = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<String, Long> entry : balances.entrySet()) {
            accounts.add(new Bodies.Account(entry.getKey(), entry.getValue()));
            total = total.add(BigInteger.valueOf(entry.getValue()));
        }
        return new Response(200, Bodies.write(new Bodies.AccountList(accounts, total)));
    }
}
