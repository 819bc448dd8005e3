package org.birthofds.bank.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.birthofds.bank.balancer.BalancerMain;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.tiers.TierProcess;

/**
 * The way a customer's request comes in: the balancer, then a logic node, which finds the shard's
 * leader and forwards to it. Each in a JVM of its own, as the launcher starts them.
 */
final class FrontDoor implements AutoCloseable {
    private final TierProcess logic;
    private final TierProcess balancer;

    private FrontDoor(TierProcess logic, TierProcess balancer) {
        this.logic = logic;
        this.balancer = balancer;
    }

    /** A logic node and a balancer in front of {@code group}, a bank of that one shard. */
    static FrontDoor start(OurGroup group) throws IOException, InterruptedException {
        TierProcess logic = TierProcess.start(LogicMain.class, List.of("--port", "0", "--shards", group.shardMap(),
                "--secret-file", group.secretFile().toString()), line -> { });
        try {
            return new FrontDoor(logic, TierProcess.start(BalancerMain.class, List.of("--port", "0", "--nodes",
                    "logic-1=" + logic.url()), line -> { }));
        } catch (IOException e) {
            logic.stop();
            throw e;
        }
    }

    URI url() {
        return URI.create(balancer.url());
    }

    /** The CPU time of the logic node and the balancer so far: the front door's part of a write's cost. */
    Duration cpuTime() {
        return logicCpuTime().plus(balancerCpuTime());
    }

    Duration logicCpuTime() {
        return logic.cpuTime();
    }

    Duration balancerCpuTime() {
        return balancer.cpuTime();
    }

    @Override
    public void close() throws InterruptedException {
        balancer.stop();
        logic.stop();
    }
}
