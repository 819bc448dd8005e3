package org.birthofds.bank.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.node.CommandLine;

/**
 * Where a deposit through the front door spends its CPU: the balancer, the logic node, the leader
 * and each follower, each process's CPU time over the row divided by the deposits acknowledged in
 * it. The per-process view that a profile of one process cannot give, and the one that says which
 * hop a faster front door would have to lose.
 *
 * <p>A fresh bank of one shard (three replicas, a logic node, the balancer), warmed through the
 * front door, then {@code --rows} rows of {@code --seconds} at {@code --clients} closed-loop clients.
 *
 * <pre>./mvnw -q -pl chapter05-replication compile exec:java@front-door-cost</pre>
 */
public final class FrontDoorCost {
    private static final String USAGE = String.join("\n",
            "Usage: FrontDoorCost [--clients N] [--seconds N] [--rows N] [--warm-up N]",
            "  --clients N  closed-loop clients depositing through the front door (default 16)",
            "  --seconds N  per row (default 10)",
            "  --rows N     rows measured, one after the other (default 2)",
            "  --warm-up N  seconds of the same load before the first row (default 60)");

    private record Plan(int clients, int seconds, int rows, int warmUp) {
    }

    private FrontDoorCost() {
    }

    public static void main(String[] args) throws Exception {
        Plan plan;
        try {
            CommandLine given = CommandLine.parse(Set.of("--clients", "--seconds", "--rows", "--warm-up"), Set.of(), args);
            plan = new Plan(given.number("--clients", 16, 1, 256), given.number("--seconds", 10, 1, 3600),
                    given.number("--rows", 2, 1, 100), given.number("--warm-up", 60, 0, 3600));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        System.out.println(Measured.header());
        Path scratch = Files.createTempDirectory("front-door-cost");
        try (OurGroup group = OurGroup.start(scratch, OurGroup.DEFAULT_ELECTION_MS); FrontDoor door = FrontDoor.start(group)) {
            group.openAccounts(new ArrayList<>(IntStream.range(0, plan.clients()).mapToObj(c -> "w" + c).toList()));
            System.out.printf("Front door: %d clients, %d s of warm-up, then %d rows of %d s%n", plan.clients(),
                    plan.warmUp(), plan.rows(), plan.seconds());
            Writes.run(door.url(), plan.clients(), plan.warmUp(), group::write);
            System.out.println();
            System.out.println("| row | deposits/s | p50 ms | balancer | logic node | leader | follower | follower | all"
                    + " | leader's fsyncs per deposit |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int row = 1; row <= plan.rows(); row++) {
                System.out.println(row(row, group, door, plan));
            }
            System.out.println("\nCPU: ms of each process's CPU time per acknowledged deposit.");
        }
    }

    private static String row(int row, OurGroup group, FrontDoor door, Plan plan) throws Exception {
        int leader = group.leader();
        List<Duration> before = cpu(group, door);
        long fsyncs = group.fsyncs(leader);
        Writes.Result result = Writes.run(door.url(), plan.clients(), plan.seconds(), group::write);
        List<Duration> after = cpu(group, door);
        double writes = Math.max(1, result.writes());
        StringBuilder line = new StringBuilder(String.format("| %d | %,.0f | %.2f |", row, result.perSecond(), result.p50Ms()));
        double all = 0;
        // balancer, logic node, then the leader and the two followers in member order
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2 + leader));
        IntStream.range(0, 3).filter(m -> m != leader).forEach(m -> order.add(2 + m));
        for (int i : order) {
            double ms = after.get(i).minus(before.get(i)).toNanos() / 1e6 / writes;
            all += ms;
            line.append(String.format(" %.3f |", ms));
        }
        boolean sameLeader = group.leader() == leader;
        return line.append(String.format(" %.3f | %s |", all, sameLeader
                ? String.format("%.3f", (group.fsyncs(leader) - fsyncs) / writes) : "(an election)")).toString();
    }

    /** The balancer's, the logic node's, then each member's CPU time so far. */
    private static List<Duration> cpu(OurGroup group, FrontDoor door) {
        return List.of(door.balancerCpuTime(), door.logicCpuTime(), group.cpuTime(0), group.cpuTime(1), group.cpuTime(2));
    }
}
