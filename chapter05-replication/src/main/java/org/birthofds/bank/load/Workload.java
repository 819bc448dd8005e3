package org.birthofds.bank.load;

import java.util.List;
import java.util.Random;

/**
 * One client's stream of requests: transfers between two distinct accounts of this run, and
 * balance reads. Seeded, so the same seed replays the same stream; what the server answers, and
 * how the clients interleave, still varies from run to run.
 */
final class Workload {

    static final int MAX_TRANSFER_CENTS = 1000;

    private final List<String> accounts;
    private final int readPercent;
    private final Random random;

    Workload(List<String> accounts, int readPercent, long seed) {
        this.accounts = accounts;
        this.readPercent = readPercent;
        this.random = new Random(seed);
    }

    Operation next() {
        int n = accounts.size();
        if (random.nextInt(100) < readPercent) {
            return new Operation.Read(accounts.get(random.nextInt(n)));
        }
        int from = random.nextInt(n);
        // Draw from the other n - 1 accounts: a transfer to oneself is a 400, not load.
        int to = random.nextInt(n - 1);
        if (to >= from) {
            to++;
        }
        long amount = 1 + random.nextInt(MAX_TRANSFER_CENTS);
        return new Operation.Transfer(accounts.get(from), accounts.get(to), amount);
    }
}
