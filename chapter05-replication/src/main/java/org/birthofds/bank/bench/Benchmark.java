package org.birthofds.bank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.Main;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.tiers.TierProcess;
import org.birthofds.bank.website.WebsiteMain;

/**
 * Chapter 3's measurement, on this chapter's tiers, all in one run: durable transfers through
 * chapter 2's single process and through this chapter's logic tier in front of one data tier (no
 * replicas), at 1 and 16 clients, and the CPU time each process spent per request. The difference
 * is the cost of the extra network hop; the CPU split says which tier would need the bigger
 * machine. Every server runs in a JVM of its own, as on its own machine. (Replication's own cost,
 * against etcd, is {@link Replicated}'s.)
 *
 * <pre>mvn -q -pl chapter02-vertical,chapter05-replication compile && mvn -q -pl chapter05-replication exec:java@bench</pre>
 */
public final class Benchmark {
    private static final int[] CLIENTS = {1, 16};

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 0 && (args.length != 2 || !args[0].equals("--seconds"))) {
            System.err.println("Usage: Benchmark [--seconds N]   (seconds per load run, default 10)");
            System.exit(2);
        }
        int seconds = args.length == 2 ? Integer.parseInt(args[1]) : 10;
        Path chapter2 = SingleProcess.classes();
        System.out.println(Measured.header());
        Path scratch = Files.createTempDirectory("bank-benchmark");
        System.out.printf("Three tiers against one process (chapter 3's benchmark, on chapter 5's tiers): %d s per run,"
                + " %d cores, scratch data in %s%n",
                seconds, Runtime.getRuntime().availableProcessors(), scratch);
        List<CpuShare.Row> rows = new ArrayList<>();
        rows.addAll(singleProcess(chapter2, scratch.resolve("chapter2"), seconds));
        rows.addAll(threeTiers(scratch.resolve("chapter3"), seconds));
        CpuShare.print(rows);
    }

    /** Chapter 2's bank, built from its own module: one process with the rules and the data. */
    private static List<CpuShare.Row> singleProcess(Path classes, Path data, int seconds) throws Exception {
        try (SingleProcess bank = SingleProcess.start(classes, data)) {
            List<CpuShare.Row> rows = new ArrayList<>();
            for (int clients : CLIENTS) {
                warmUp(bank.url().toString(), clients);
                rows.add(CpuShare.measure("chapter 2, one process", clients, List.of(new CpuShare.Tier("bank", bank.process())),
                        () -> transfers(bank.url().toString(), clients, seconds)));
            }
            return rows;
        }
    }

    /** The same load through the logic tier, which calls the data tier over loopback HTTP. */
    private static List<CpuShare.Row> threeTiers(Path data, int seconds) throws Exception {
        TierProcess dataTier = TierProcess.start(Main.class,
                List.of("--port", "0", "--data", data.toString(), "--workers", "16"), line -> { });
        TierProcess logic = TierProcess.start(LogicMain.class, List.of("--port", "0", "--data-url", dataTier.url()), line -> { });
        TierProcess website = TierProcess.start(WebsiteMain.class, List.of("--port", "0", "--logic-url", logic.url()), line -> { });
        try {
            List<CpuShare.Tier> api = List.of(new CpuShare.Tier("logic", logic), new CpuShare.Tier("data", dataTier));
            List<CpuShare.Row> rows = new ArrayList<>();
            for (int clients : CLIENTS) {
                warmUp(logic.url(), clients);
                rows.add(CpuShare.measure("chapter 5's tiers, through the logic tier", clients, api,
                        () -> transfers(logic.url(), clients, seconds)));
            }
            List<CpuShare.Tier> all = List.of(new CpuShare.Tier("website", website), api.get(0), api.get(1));
            PageViews.run(website.url(), 16, 3); // warm-up
            rows.add(CpuShare.measure("chapter 5's tiers, website pages (GET /)", 16, all,
                    () -> PageViews.run(website.url(), 16, seconds)));
            return rows;
        } finally {
            website.stop();
            logic.stop();
            dataTier.stop();
        }
    }

    /** A short unmeasured run first, so that the JIT has compiled every tier's request path. */
    private static void warmUp(String url, int clients) throws IOException, InterruptedException {
        System.out.printf("%n-- %s, %d clients: warm-up, then the measured run%n", url, clients);
        LoadGenerator.run(new LoadOptions(url, clients, 0, 3, 0, 7, 100, 0, 0, 0), System.out);
    }

    /** Closed-loop transfers; the generator's own warm-up and ceiling run are off, so the CPU counted is this run's. */
    private static CpuShare.Result transfers(String url, int clients, int seconds) throws IOException, InterruptedException {
        LoadResult r = LoadGenerator.run(new LoadOptions(url, clients, 0, seconds, 0, 42, 100, 0, 0, 0), System.out);
        return new CpuShare.Result(r.requests(), r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.invariantHolds());
    }
}
