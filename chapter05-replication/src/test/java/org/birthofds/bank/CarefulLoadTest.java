package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.birthofds.bank.checks.BankLoad;
import org.birthofds.bank.checks.LoadPlan;
import org.junit.jupiter.api.Test;

/**
 * The other half of {@code checks.BankLoadTest}, which shows the load's two checkers red against
 * front doors that each break one promise: here, against a real bank that keeps them, they pass.
 * One data tier, two logic nodes and the balancer, in this JVM; the load, of careful clients that
 * retry an unknown outcome under its Idempotency-Key, runs until told to stop, and one logic node
 * is stopped in the middle of it, as for a deploy. Rerun with {@code -Dseed=N}.
 */
class CarefulLoadTest {
    private static final long SEED = Long.getLong("seed", System.nanoTime() % 100_000);

    @Test
    void a_load_through_the_balancer_passes_the_bank_check_and_linearizability_across_a_stopped_logic_node()
            throws Exception {
        System.out.println("CarefulLoadTest seed " + SEED + " (rerun with -Dseed=" + SEED + ")");
        try (TestCluster cluster = TestCluster.start(2, "round-robin");
             BankLoad load = BankLoad.start(LoadPlan.of("CarefulLoadTest", List.of(cluster.url()),
                     List.of("alice", "bob", "carol", "dave"), SEED))) {
            // 1. four clients through the balancer: transfers, deposits, withdrawals, single reads and read-alls
            load.awaitMore(60);
            // 2. logic-1 stops: what it had in flight is answered, what comes later the balancer sends to logic-2
            load.mark("stop logic-1");
            cluster.logic.get(0).close();
            // 3. the load goes on
            load.awaitMore(60);
            // 4. no acknowledged write lost or applied twice, no total wrong, and no stale read of any account
            BankLoad.Outcome outcome = load.finish();
            System.out.println(outcome.report());
            outcome.assertPassed();
            assertThat(outcome.report()).contains("seed " + SEED, "stop logic-1 at");
        }
    }
}
