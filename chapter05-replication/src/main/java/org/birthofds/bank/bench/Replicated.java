package org.birthofds.bank.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.birthofds.bank.balancer.BalancerMain;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.tiers.TierProcess;

/**
 * Chapter 5's numbers against a production engine, all in one run on one machine: chapter 2's
 * single process, one of our replicated shards (three replica JVMs, alone and behind a logic node
 * and the balancer), and a three-member etcd cluster. Durable writes per second and latency at 1
 * and 16 clients, and failover: the time from a leader's SIGKILL to the next acknowledged write.
 *
 * <pre>chapter05-replication/etcd/bench.sh [--seconds N] [--kills N]</pre>
 */
public final class Replicated {
    private static final int[] CLIENTS = {1, 16};

    private Replicated() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = flag(args, "--seconds", 10);
        int kills = flag(args, "--kills", 5);
        Path chapter2 = chapter2Classes();
        if (!Etcd.installed()) {
            System.err.println("etcd is not installed: run chapter05-replication/etcd/bench.sh, which installs Debian's"
                    + " etcd-server first.");
            System.exit(2);
        }
        System.out.println(Measured.header());
        Path scratch = Files.createTempDirectory("replicated-bench");
        System.out.printf("Chapter 5 benchmark: %d s per run, %d kills per engine, %d cores, scratch data in %s%n",
                seconds, kills, Runtime.getRuntime().availableProcessors(), scratch);
        Table table = new Table();
        singleNode(chapter2, scratch.resolve("chapter2"), seconds, table);
        ours(scratch.resolve("ours"), seconds, kills, table);
        etcd(scratch.resolve("etcd"), seconds, kills, table);
        table.print();
    }

    /** Chapter 2's bank from its own module's classes: one process with the rules and the data. */
    private static void singleNode(Path classes, Path data, int seconds, Table table) throws Exception {
        String classpath = TierProcess.classpath().replace(ownClasses().toString(), classes.toString());
        TierProcess bank = TierProcess.start(TierProcess.command(classpath, "org.birthofds.bank.Main",
                List.of("--port", "0", "--data", data.toString(), "--workers", "16")), line -> { });
        try {
            warmUp(bank.url(), 30); // the JIT compiles the request path
            for (int clients : CLIENTS) {
                table.add("chapter 2, one process: transfers", transfers(bank.url(), clients, seconds));
            }
        } finally {
            bank.stop();
        }
    }

    private static void ours(Path data, int seconds, int kills, Table table) throws Exception {
        try (OurGroup group = OurGroup.start(data)) {
            TierProcess logic = TierProcess.start(LogicMain.class, List.of("--port", "0", "--shards", group.shardMap(),
                    "--secret-file", group.secretFile().toString()), line -> { });
            TierProcess balancer = TierProcess.start(BalancerMain.class, List.of("--port", "0", "--nodes",
                    "logic-1=" + logic.url()), line -> { });
            try {
                List<String> clients = new ArrayList<>(IntStream.range(0, 16).mapToObj(c -> "w" + c).toList());
                clients.add("failover"); // the failover's own writes
                group.openAccounts(clients);
                URI leader = group.members().get(group.leader());
                System.out.println("-- ours: warm-up, 30 s through the front door");
                warmUp(balancer.url(), 30);
                for (int c : CLIENTS) {
                    table.add("ours, straight to the shard's leader: deposits", priced(group, () -> Writes.run(leader, c,
                            seconds, group::write, group.proof())));
                }
                for (int c : CLIENTS) {
                    table.add("ours, through the front door: deposits", Writes.run(URI.create(balancer.url()), c, seconds,
                            group::write));
                }
                for (int c : CLIENTS) {
                    table.add("ours, through the front door: transfers", transfers(balancer.url(), c, seconds));
                }
                table.failovers(group.name(), Failover.measure(group, kills));
            } finally {
                balancer.stop();
                logic.stop();
            }
        }
    }

    private static void etcd(Path data, int seconds, int kills, Table table) throws Exception {
        Files.createDirectories(data);
        try (Etcd etcd = Etcd.start(data)) {
            URI leader = etcd.members().get(etcd.leader());
            System.out.println("-- " + etcd.name() + ": warm-up, 10 s");
            Writes.run(leader, 16, 10, etcd::write);
            for (int clients : CLIENTS) {
                table.add(etcd.name() + ", straight to its leader: puts", priced(etcd, () -> Writes.run(leader, clients,
                        seconds, etcd::write)));
            }
            table.failovers(etcd.name(), Failover.measure(etcd, kills));
        }
    }

    /** Unmeasured runs of 10 s (a connection the generator keeps idle longer is closed by the server). */
    private static void warmUp(String url, int seconds) throws Exception {
        for (int done = 0; done < seconds; done += 10) {
            transfers(url, 16, 10);
        }
    }

    /** The load generator's closed-loop transfers, as chapters 1 to 4 measured them. */
    private static Writes.Result transfers(String url, int clients, int seconds) throws Exception {
        LoadResult r = LoadGenerator.run(new LoadOptions(url, clients, 0, seconds, 0, 42, 100, 0, 0, 0), System.out);
        return new Writes.Result(clients, r.transfers(), r.errors(), r.transfersPerSecond(), r.p50Ms(), r.p99Ms(), 0);
    }

    private interface Run {
        Writes.Result call() throws Exception;
    }

    /** The run, with the CPU its three members spent on it (the clients run in this JVM and are not counted). */
    private static Writes.Result priced(ThreeReplicas group, Run run) throws Exception {
        java.time.Duration before = group.cpuTime();
        Writes.Result result = run.call();
        return result.withCpu(group.cpuTime().minus(before));
    }

    private static int flag(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static Path chapter2Classes() throws URISyntaxException {
        Path classes = ownClasses().resolve("../../../chapter02-vertical/target/classes").normalize();
        if (!Files.isDirectory(classes.resolve("org/birthofds/bank"))) {
            System.err.println("Chapter 2's classes are not built at " + classes + ". Build both chapters first:\n"
                    + "  mvn -q -pl chapter02-vertical,chapter05-replication compile");
            System.exit(2);
        }
        return classes;
    }

    private static Path ownClasses() throws URISyntaxException {
        return Path.of(Replicated.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
