package org.birthofds.bank.checks;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link BankLoad} will do: against which front doors, on which accounts, from which seed,
 * with how many clients, for how long, and how patiently each client waits for an answer. The
 * accounts must not exist yet: the load opens and funds them, so that the checkers know every
 * balance from zero.
 *
 * @param name        the test that runs the load: it names the timeline file and the replay command
 * @param urls        the bank's front doors (logic nodes or a balancer); each operation picks one
 * @param opsEach     operations per client, or {@link #UNTIL_STOPPED}: until {@link BankLoad#finish()}
 * @param tryTimeout  the longest one try waits for its answer (and for its connection)
 * @param tries       the most tries of one operation: the first, and the retries of an unknown outcome
 * @param retryWindow no retry starts later than this after the first try was sent
 * @param settle      how long the final reads keep trying for the bank to answer again, as after a failover
 */
public record LoadPlan(String name, List<String> urls, List<String> accounts, long seed, int clients, int opsEach,
                       BankLoad.Pacing pacing, Duration tryTimeout, int tries, Duration retryWindow, Duration settle) {
    public static final int UNTIL_STOPPED = Integer.MAX_VALUE;

    public LoadPlan {
        urls = List.copyOf(urls);
        accounts = List.copyOf(accounts);
        if (urls.isEmpty() || accounts.size() < 2 || clients < 1 || opsEach < 0 || tries < 1) {
            throw new IllegalArgumentException("A load needs a URL, two accounts, a client and a try: " + urls + " "
                    + accounts + " clients " + clients + " opsEach " + opsEach + " tries " + tries);
        }
    }

    /**
     * Four clients until stopped. Each try waits 5 s, longer than the bank's own bound on an answer
     * (a logic node's 2 s per shard call, a replica's 5 s), so that the bank's 503 usually arrives
     * before the client gives up on the try; an operation is tried at most 5 times within 20 s,
     * longer than a Raft election, so that a failover settles most operations rather than leaving
     * them unknown. The final reads keep trying for 30 s.
     */
    public static LoadPlan of(String name, List<String> urls, List<String> accounts, long seed) {
        return new LoadPlan(name, urls, accounts, seed, 4, UNTIL_STOPPED, (client, op) -> {
        }, Duration.ofSeconds(5), 5, Duration.ofSeconds(20), Duration.ofSeconds(30));
    }

    public LoadPlan withClients(int count) {
        return new LoadPlan(name, urls, accounts, seed, count, opsEach, pacing, tryTimeout, tries, retryWindow, settle);
    }

    /** A bounded load: each client stops by itself after {@code count} operations. */
    public LoadPlan withOpsEach(int count) {
        return new LoadPlan(name, urls, accounts, seed, clients, count, pacing, tryTimeout, tries, retryWindow, settle);
    }

    public LoadPlan withPacing(BankLoad.Pacing hook) {
        return new LoadPlan(name, urls, accounts, seed, clients, opsEach, hook, tryTimeout, tries, retryWindow, settle);
    }

    public LoadPlan withRetries(Duration eachTry, int most, Duration within) {
        return new LoadPlan(name, urls, accounts, seed, clients, opsEach, pacing, eachTry, most, within, settle);
    }

    public LoadPlan withSettle(Duration finalReadsWithin) {
        return new LoadPlan(name, urls, accounts, seed, clients, opsEach, pacing, tryTimeout, tries, retryWindow, finalReadsWithin);
    }

    /** The command that runs the same test with the same seed. */
    String replay() {
        return "mvn -B -ntp -q -pl chapter05-replication test -Dtest=" + name + " -Dseed=" + seed;
    }
}
