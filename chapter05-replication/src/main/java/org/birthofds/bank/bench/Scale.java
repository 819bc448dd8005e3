package org.birthofds.bank.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.birthofds.bank.Main;
import org.birthofds.bank.balancer.BalancerMain;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.tiers.TierProcess;

/**
 * Throughput against the number of logic nodes, all in one run: 1, 2 and 4 logic nodes behind
 * the balancer, each with W workers and requests that wait S ms on a worker (--work-ms, like a
 * call to another service), so one node serves at most W/S requests a second. The goal is
 * scaling efficiency X(N) / (N·X(1)) of at least 0.9: the work is waiting, so N nodes should do
 * N times as much, until something shared (the balancer, the data tier, this machine's cores)
 * becomes the line. Every node is a JVM of its own, as on a machine of its own.
 *
 * <p>The default wait, 200 ms, keeps the CPU these JVMs need below what two cores give, so the
 * table shows the nodes, not the machine. {@code --work-ms 50} asks four nodes for 320 req/s of
 * transfers through three HTTP hops, more than two shared cores serve: that run shows where
 * the machine, not the design, becomes the line.
 *
 * <pre>mvn -q -pl chapter05-replication compile exec:java@scale [-Dexec.args="--seconds 10 --work-ms 200"]</pre>
 */
public final class Scale {
    private static final int[] NODES = {1, 2, 4};
    private static final int WORKERS = 4;
    private static final int DEFAULT_WORK_MS = 200;

    private Scale() {
    }

    record Row(int nodes, int clients, LoadResult result) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = option(args, "--seconds", 10);
        int workMs = option(args, "--work-ms", DEFAULT_WORK_MS);
        System.out.println(Measured.header());
        System.out.printf("Chapter 4, throughput against logic nodes: --workers %d --work-ms %d per node (at most %d req/s"
                + " each), %d s per run, %d cores%n", WORKERS, workMs, WORKERS * 1000 / workMs, seconds,
                Runtime.getRuntime().availableProcessors());
        TierProcess data = TierProcess.start(Main.class, List.of("--port", "0", "--memory-only", "--workers", "64"), line -> { });
        List<Row> rows = new ArrayList<>();
        try {
            for (int n : NODES) {
                rows.add(run(data.url(), n, seconds, workMs));
            }
        } finally {
            data.stop();
        }
        print(rows, workMs);
    }

    /** {@code --seconds N} and {@code --work-ms MS}, each optional. */
    private static int option(String[] args, String name, int fallback) {
        boolean pairs = args.length % 2 == 0;
        for (int i = 0; pairs && i < args.length; i += 2) {
            pairs = args[i].equals("--seconds") || args[i].equals("--work-ms");
        }
        if (!pairs) {
            System.err.println("Usage: Scale [--seconds N] [--work-ms MS]   (defaults: 10 s per run, 200 ms of waiting per request)");
            System.exit(2);
        }
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /** N fresh logic nodes and a balancer, closed-loop clients enough to keep every worker busy twice over. */
    private static Row run(String dataUrl, int n, int seconds, int workMs) throws Exception {
        List<TierProcess> logic = new ArrayList<>();
        TierProcess balancer = null;
        try {
            List<String> pairs = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                TierProcess node = TierProcess.start(LogicMain.class, List.of("--port", "0", "--data-url", dataUrl,
                        "--node", "logic-" + i, "--workers", "" + WORKERS, "--work-ms", "" + workMs), line -> { });
                logic.add(node);
                pairs.add("logic-" + i + "=" + node.url());
            }
            balancer = TierProcess.start(BalancerMain.class, List.of("--port", "0", "--nodes", String.join(",", pairs)),
                    line -> { });
            int clients = 2 * n * WORKERS;
            System.out.printf("-- %d logic node(s), %d clients%n", n, clients);
            LoadResult result = LoadGenerator.run(new LoadOptions(balancer.url(), clients, 0, seconds, 0, 42, 100, 0, 2, 0),
                    new PrintStream(OutputStream.nullOutputStream()));
            return new Row(n, clients, result);
        } finally {
            if (balancer != null) {
                balancer.stop();
            }
            for (TierProcess node : logic) {
                node.stop();
            }
        }
    }

    private static void print(List<Row> rows, int workMs) {
        double one = rows.get(0).result().requestsPerSecond();
        System.out.printf("%n%5s  %7s  %8s  %8s  %10s  %7s  %7s  %6s%n", "nodes", "clients", "req/s", "ideal", "efficiency",
                "p50 ms", "p99 ms", "errors");
        for (Row row : rows) {
            LoadResult r = row.result();
            double ideal = row.nodes() * one;
            System.out.printf(Locale.ROOT, "%5d  %7d  %8.0f  %8.0f  %10.2f  %7.1f  %7.1f  %6d%n", row.nodes(), row.clients(),
                    r.requestsPerSecond(), ideal, r.requestsPerSecond() / ideal, r.p50Ms(), r.p99Ms(), r.errors());
        }
        System.out.printf(Locale.ROOT, "%nefficiency = X(N) / (N * X(1)); the goal is 0.9 or more. The bound per node is"
                + " W/S = %d req/s.%n", WORKERS * 1000 / workMs);
    }
}
