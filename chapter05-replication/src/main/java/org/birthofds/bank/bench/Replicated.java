package org.birthofds.bank.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.birthofds.bank.bench.Table.Failovers;
import org.birthofds.bank.bench.Table.Setup;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.node.CommandLine;

/**
 * Chapter 5's numbers against a production engine, all in one run on one machine: chapter 2's
 * single process, one of our replicated shards (three replica JVMs, alone and behind a logic node
 * and the balancer), and a three-member etcd cluster. Durable writes per second, latency, the
 * servers' CPU and the leader's fsyncs per write at 1, 16 and 64 clients; failover, the time from
 * a leader's SIGKILL to the next acknowledged write, with etcd's timing and with ours; and the
 * chapter's goals as ratios.
 *
 * <pre>chapter05-replication/etcd/bench.sh [--seconds N] [--kills N] [--warm-up N] [--election-ms N]</pre>
 */
public final class Replicated {
    private static final int[] CLIENTS = {1, 16, 64};
    private static final int WARM_CLIENTS = 16;
    private static final String USAGE = String.join("\n",
            "Usage: Replicated [--seconds N] [--kills N] [--warm-up N] [--election-ms N]",
            "  --seconds N      length of each measured row (default 10)",
            "  --kills N        leader kills per failover row (default 5)",
            "  --warm-up N      seconds of unmeasured load on each path before its rows (default 60)",
            "  --election-ms N  our replicas' --election-ms, and etcd's election timeout in its second failover row"
                    + " (default " + OurGroup.DEFAULT_ELECTION_MS + ")");

    private record Plan(int seconds, int kills, int warmUp, int electionMs) {
    }

    private Replicated() {
    }

    public static void main(String[] args) throws Exception {
        Plan plan;
        try {
            CommandLine given = CommandLine.parse(Set.of("--seconds", "--kills", "--warm-up", "--election-ms"), Set.of(), args);
            plan = new Plan(given.number("--seconds", 10, 1, 3600), given.number("--kills", 5, 0, 100),
                    given.number("--warm-up", 60, 0, 3600),
                    given.number("--election-ms", OurGroup.DEFAULT_ELECTION_MS, 30, 60_000));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Path chapter2 = SingleProcess.classes();
        if (!Etcd.installed()) {
            System.err.println("etcd is not installed: run chapter05-replication/etcd/bench.sh, which installs Debian's"
                    + " etcd-server first.");
            System.exit(2);
        }
        System.out.println(Measured.header());
        Path scratch = Files.createTempDirectory("replicated-bench");
        System.out.printf("Chapter 5 benchmark: %d s per row, %d s of warm-up per path, %d kills per failover row,"
                + " scratch data in %s%n", plan.seconds(), plan.warmUp(), plan.kills(), scratch);
        Table table = new Table();
        singleProcess(chapter2, scratch.resolve("chapter2"), plan, table);
        ours(scratch.resolve("ours"), plan, table);
        etcd(scratch.resolve("etcd"), plan, table);
        table.print();
        Goals.print(table);
    }

    private static void singleProcess(Path classes, Path data, Plan plan, Table table) throws Exception {
        try (SingleProcess bank = SingleProcess.start(classes, data)) {
            OurGroup.openAccounts(bank.url(), null, writers());
            Writes.Write deposit = (to, client, n) -> OurGroup.deposit(to, client);
            System.out.printf("-- chapter 2: warm-up, %d s%n", plan.warmUp());
            warmUp(bank.url(), deposit, plan.warmUp());
            for (int c : CLIENTS) {
                table.add(Setup.CHAPTER_2_DEPOSITS, Cost.of(bank::cpuTime, () -> Writes.run(bank.url(), c, plan.seconds(),
                        deposit)));
            }
            for (int c : CLIENTS) {
                table.add(Setup.CHAPTER_2_TRANSFERS, new Cost.Priced(transfers(bank.url(), c, plan.seconds()), Cost.NONE));
            }
        }
    }

    private static void ours(Path data, Plan plan, Table table) throws Exception {
        try (OurGroup group = OurGroup.start(data, plan.electionMs()); FrontDoor door = FrontDoor.start(group);
             LivePagePolling page = LivePagePolling.start(group)) {
            List<String> clients = writers();
            clients.add("failover"); // the failover's own writes
            group.openAccounts(clients);
            // Warm the replicas on the path measured first. Their JIT settles only after 30 to 60 s of load at the
            // rate it is measured at (1,389 writes/s at 16 clients after 5 s of warm-up, 4,102/s after 10 s more):
            // the front door drives them at a fraction of that rate, and their code at a high rate (bigger batches,
            // pipelined frames) is not all compiled by a slow one. Without it the first rows measure the compiler.
            System.out.printf("-- ours: warm-up, %d s straight to the leader%n", plan.warmUp());
            Writes.run(leader(group), WARM_CLIENTS, plan.warmUp(), group::write, group.proof());
            for (int c : CLIENTS) {
                table.add(Setup.OURS_STRAIGHT, Cost.of(group, page, group::cpuTime, () -> Writes.run(leader(group), c,
                        plan.seconds(), group::write, group.proof())));
            }
            // The logic node and the balancer are JVMs of their own, as cold as the replicas were.
            System.out.printf("-- ours: warm-up, %d s through the front door%n", plan.warmUp());
            warmUp(door.url(), group::write, plan.warmUp());
            Supplier<Duration> all = () -> group.cpuTime().plus(door.cpuTime());
            for (int c : CLIENTS) {
                table.add(Setup.FRONT_DOOR_DEPOSITS, Cost.of(group, page, all, () -> Writes.run(door.url(), c, plan.seconds(),
                        group::write)));
            }
            for (int c : CLIENTS) {
                table.add(Setup.FRONT_DOOR_TRANSFERS, Cost.watched(page, () -> transfers(door.url(), c, plan.seconds())));
            }
            page.close(); // the kills' elections are caused by a fault: the failover row is their measure
            table.failovers(Failovers.OURS, group.name() + ", " + group.timing(), Failover.measure(group, plan.kills()));
        }
    }

    private static void etcd(Path data, Plan plan, Table table) throws Exception {
        try (Etcd etcd = Etcd.start(data.resolve("defaults"), Etcd.Timing.DEFAULTS);
             LivePagePolling page = LivePagePolling.start(etcd)) {
            // etcd is compiled ahead of time: its warm-up only fills its caches and grows its heap.
            int warmUp = Math.min(plan.warmUp(), 10);
            System.out.printf("-- %s: warm-up, %d s%n", etcd.name(), warmUp);
            Writes.run(leader(etcd), WARM_CLIENTS, warmUp, etcd::write);
            for (int c : CLIENTS) {
                table.add(Setup.ETCD, Cost.of(etcd, page, etcd::cpuTime, () -> Writes.run(leader(etcd), c, plan.seconds(),
                        etcd::write)));
            }
            page.close();
            table.failovers(Failovers.ETCD_DEFAULTS, etcd.name() + ", " + etcd.timing(), Failover.measure(etcd, plan.kills()));
        }
        // Once more with our election timeout, so that the two failovers differ in the engine, not in how long
        // each was told to wait.
        try (Etcd etcd = Etcd.start(data.resolve("our-timing"), Etcd.Timing.like(plan.electionMs()))) {
            table.failovers(Failovers.ETCD_OUR_TIMING, etcd.name() + ", " + etcd.timing(),
                    Failover.measure(etcd, plan.kills()));
        }
    }

    /** The leader's client URL, found again before each row: an election may have moved it. */
    private static URI leader(ThreeReplicas group) throws InterruptedException {
        group.awaitHealthy(Duration.ofSeconds(60));
        return group.members().get(group.leader());
    }

    /** The writers' names, w0 to w63: each deposits into an account of its own. */
    private static List<String> writers() {
        int most = IntStream.of(CLIENTS).max().orElseThrow();
        return new ArrayList<>(IntStream.range(0, most).mapToObj(c -> "w" + c).toList());
    }

    /** Unmeasured deposits, then transfers, half the time each: the two paths the rows measure. */
    private static void warmUp(URI url, Writes.Write deposit, int seconds) throws Exception {
        Writes.run(url, WARM_CLIENTS, seconds / 2.0, deposit);
        // in runs of 10 s at most: a connection the generator keeps idle longer is closed by the server
        for (int done = 0; done < seconds / 2; done += 10) {
            transfers(url, WARM_CLIENTS, Math.min(10, seconds / 2 - done));
        }
    }

    /** The load generator's closed-loop transfers, as chapters 1 to 4 measured them. */
    private static Writes.Result transfers(URI url, int clients, int seconds) throws Exception {
        LoadResult r = LoadGenerator.run(new LoadOptions(url.toString(), clients, 0, seconds, 0, 42, 100, 0, 0, 0),
                System.out);
        return new Writes.Result(clients, r.transfers(), r.errors(), r.transfersPerSecond(), r.p50Ms(), r.p99Ms());
    }
}
