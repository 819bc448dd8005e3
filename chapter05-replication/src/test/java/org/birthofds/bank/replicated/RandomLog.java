package org.birthofds.bank.replicated;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.protocol.ShardAnswer;
import org.birthofds.bank.protocol.ShardRequest;

/**
 * A seeded log of every kind of request a shard's group applies, steered by the answers of the bank
 * it is fed to, so that most of its requests succeed: a log of 404s would prove nothing about a
 * snapshot. It repeats keyed writes (a client retrying after a lost answer) and reuses keys for other
 * requests, leaves two-phase transfers PENDING across the cut, freezes and thaws, moves accounts
 * away and in, and installs shard maps that place some new ids elsewhere.
 */
final class RandomLog {
    static final String MAP = "shard-1=http://127.0.0.1:1,shard-2=http://127.0.0.1:2";
    private static final String[] MAPS = {"shard-1=http://127.0.0.1:1", MAP, MAP + ",shard-3=http://127.0.0.1:3"};

    private final Random random;
    private final List<String> open = new ArrayList<>(); // opened here, as far as the answers said
    private final List<String> leaving = new ArrayList<>();
    private final List<String> prepared = new ArrayList<>();
    private final List<String> intents = new ArrayList<>();
    private final List<ShardRequest> keyed = new ArrayList<>();
    private final Set<String> ids = new LinkedHashSet<>();
    private final Set<String> txs = new LinkedHashSet<>();
    private String freeze; // the freeze in force, as far as the answers said
    private boolean frozen; // the last answer was "frozen": its reader is about to thaw
    private long time;
    private int counter;

    RandomLog(long seed) {
        this.random = new Random(seed);
    }

    /** Applies {@code count} requests to the bank, each as it is stamped, and returns the entries. */
    List<String> feed(ReplicatedBank bank, int count, List<String> answers) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ShardRequest request = next();
            time += 1 + random.nextInt(40);
            String entry = new ShardRequest.Stamped(time, request).encode();
            String answer = bank.apply(entry);
            learn(request, answer);
            entries.add(entry);
            answers.add(answer);
        }
        return entries;
    }

    /** The time stamped on the last entry. */
    long now() {
        return time;
    }

    /** The reads that show a copy's state from outside: every account and transaction the log named. */
    List<String> reads() {
        List<String> reads = new ArrayList<>(List.of(query(new ShardRequest.ListAll()), query(new ShardRequest.Moves())));
        ids.forEach(id -> reads.add(query(new ShardRequest.Balance(id))));
        txs.forEach(tx -> reads.add(query(new ShardRequest.RecordState(tx))));
        return reads;
    }

    private ShardRequest next() {
        int dice = random.nextInt(100);
        if (open.size() < 3 || dice < 10) {
            return new ShardRequest.Open(open.isEmpty() || random.nextInt(4) > 0 ? fresh("acct") : any(open));
        } else if (dice < 40 && !keyed.isEmpty() && random.nextInt(4) == 0) {
            return any(keyed); // a retry after a lost answer: the same request under the same key
        } else if (dice < 25) {
            return keyed(new ShardRequest.Deposit(account(), 1 + random.nextInt(1000), key()));
        } else if (dice < 33) {
            return keyed(new ShardRequest.Withdraw(account(), 1 + random.nextInt(600), key()));
        } else if (dice < 40) {
            return keyed(new ShardRequest.Transfer(account(), account(), 1 + random.nextInt(400), key()));
        } else if (dice < 48) {
            Bodies.Prepare prepare = new Bodies.Prepare(account(), fresh("remote"), "shard-2", 1 + random.nextInt(300));
            return keyed(new ShardRequest.Prepare(tx(fresh("x")), prepare, key()));
        } else if (dice < 54) {
            return new ShardRequest.Intent(tx(fresh("y")), new Bodies.Intent(account(), 1 + random.nextInt(300), "shard-2"));
        } else if (dice < 59 && !prepared.isEmpty()) {
            return new ShardRequest.Commit(recent(prepared));
        } else if (dice < 63 && !prepared.isEmpty()) {
            Bodies.Abort why = random.nextBoolean() ? new Bodies.Abort(0, null, null)
                    : new Bodies.Abort(422, "insufficient_funds", "The payee has no room.");
            return new ShardRequest.Abort(recent(prepared), why);
        } else if (dice < 69 && !intents.isEmpty()) {
            boolean committed = random.nextInt(4) > 0;
            return new ShardRequest.Resolve(recent(intents), committed, committed && freeze != null ? freeze : null);
        } else if (dice < 72) {
            return new ShardRequest.Freeze(fresh("f"), 100 + random.nextInt(500));
        } else if (dice < 78 && freeze != null || frozen && random.nextInt(3) == 0) {
            return new ShardRequest.Thaw(freeze != null && random.nextInt(5) > 0 ? freeze : "f-" + random.nextInt(counter));
        } else if (dice < 81) {
            return new ShardRequest.Export(any(open), "shard-2");
        } else if (dice < 83 && !leaving.isEmpty()) {
            return new ShardRequest.Moved(any(leaving), "shard-2");
        } else if (dice < 86) {
            return new ShardRequest.Import(fresh("in"), random.nextInt(5000), "shard-3");
        } else if (dice < 88) {
            return new ShardRequest.InstallMap(MAPS[random.nextInt(MAPS.length)]);
        } else if (dice < 92) {
            return random.nextBoolean() ? new ShardRequest.Balance(account()) : new ShardRequest.RecordState(recentOr(prepared));
        }
        return keyed(new ShardRequest.Deposit(account(), 1 + random.nextInt(1000), key()));
    }

    /** Follows the answers, so the next requests name accounts and transactions that exist. */
    private void learn(ShardRequest request, String answer) {
        ShardAnswer decoded = ShardAnswer.decode(answer);
        frozen = decoded instanceof ShardAnswer.Frozen;
        if (request instanceof ShardRequest.Export e && decoded instanceof ShardAnswer.Given given
                && (given.status() == 200 || given.body().contains("account_settling")) && open.remove(e.id())) {
            leaving.add(e.id()); // leaving from the export on, even while its transfers settle
        }
        if (!(decoded instanceof ShardAnswer.Given given) || given.status() >= 300) {
            return;
        }
        if (request instanceof ShardRequest.Freeze f) {
            freeze = f.id();
        } else if (request instanceof ShardRequest.Thaw t && t.id().equals(freeze)) {
            freeze = null;
        } else if (request instanceof ShardRequest.Open o && !open.contains(o.id())) {
            open.add(o.id());
        } else if (request instanceof ShardRequest.Import i && !open.contains(i.id())) {
            open.add(i.id());
        } else if (request instanceof ShardRequest.Prepare p) {
            prepared.add(p.tx());
        } else if (request instanceof ShardRequest.Intent i) {
            intents.add(i.tx());
        } else if (request instanceof ShardRequest.Moved m) {
            open.remove(m.id());
            leaving.remove(m.id());
        }
    }

    /** Mostly an account that takes writes; now and then one on its way out, which refuses them. */
    private String account() {
        return leaving.isEmpty() || random.nextInt(10) > 0 ? any(open) : any(leaving);
    }

    private ShardRequest keyed(ShardRequest request) {
        keyed.add(request);
        return request;
    }

    /** Half the writes carry a key; now and then an old key, for another request (refused: key_reused). */
    private String key() {
        int dice = random.nextInt(10);
        return dice < 5 ? null : dice < 9 || keyed.isEmpty() ? fresh("k") : "k-" + random.nextInt(counter);
    }

    private String fresh(String prefix) {
        String name = prefix + "-" + counter++;
        if (prefix.equals("acct") || prefix.equals("in")) {
            ids.add(name);
        }
        return name;
    }

    private String tx(String tx) {
        txs.add(tx);
        return tx;
    }

    private <T> T any(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** Mostly one of the last few: a coordinator decides a transfer soon after its prepare. */
    private String recent(List<String> list) {
        return list.get(Math.max(0, list.size() - 1 - random.nextInt(Math.min(list.size(), 6))));
    }

    private String recentOr(List<String> list) {
        return list.isEmpty() ? "x-none" : recent(list);
    }

    private static String query(ShardRequest request) {
        return Bodies.write(request);
    }
}
