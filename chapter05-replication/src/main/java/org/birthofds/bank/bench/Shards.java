package org.birthofds.bank.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.Main;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.shard.ShardMap;
import org.birthofds.bank.tiers.TierProcess;

/**
 * Durable transfers a second, and their latency, with 1, 2 and 4 shards: 16 closed-loop clients
 * through two logic nodes, each shard a JVM of its own with its journal in a temp dir and
 * {@code --workers 16}. Three mixes: random pairs of accounts (with M shards, about (M-1)/M of
 * them cross shards), only pairs on one shard (chapter 3's one journal record), and only pairs on
 * two shards (two-phase commit: prepare, intent, commit and resolve, four journal records on two
 * shards). Where each figure is limited shows in the CPU each process used and in the journal's
 * forces, read from each shard's closing log line. Every run starts fresh processes.
 *
 * <pre>mvn -q -pl chapter05-replication compile exec:java@shards [-Dexec.args="--seconds 8"]</pre>
 */
public final class Shards {
    private static final int CLIENTS = 16;
    private static final int LOGIC_NODES = 2;
    private static final int ACCOUNTS = 64;
    private static final Pattern CLOSING = Pattern.compile("records written (\\d+), forces (\\d+)");

    enum Mix { RANDOM, SAME_SHARD, CROSS_SHARD }

    record Row(int shards, Mix mix, long transfers, double perSecond, double p50Ms, double p99Ms, long errors,
               Map<String, Double> cpuPercent, long records, long forces, double seconds) {
    }

    private Shards() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length == 2 && args[0].equals("--seconds") ? Double.parseDouble(args[1]) : 8;
        System.out.println(Measured.header());
        System.out.printf(Locale.ROOT, "Chapter 4, shards: %d clients, %d logic nodes, durable shards (--workers 16),"
                + " %.0f s per run after 2 s of warm-up, %d cores%n", CLIENTS, LOGIC_NODES, seconds,
                Runtime.getRuntime().availableProcessors());
        List<Row> rows = new ArrayList<>();
        rows.add(run(1, Mix.SAME_SHARD, seconds));
        for (int shards : new int[] {2, 4}) {
            for (Mix mix : Mix.values()) {
                rows.add(run(shards, mix, seconds));
            }
        }
        print(rows);
    }

    private static Row run(int shardCount, Mix mix, double seconds) throws Exception {
        Path data = Files.createTempDirectory("bench-shards-");
        List<TierProcess> shards = new ArrayList<>();
        List<TierProcess> logic = new ArrayList<>();
        try {
            Map<String, String> urls = new LinkedHashMap<>();
            for (int i = 1; i <= shardCount; i++) {
                urls.put("shard-" + i, "http://127.0.0.1:" + freePort());
            }
            ShardMap map = ShardMap.of(urls);
            for (String id : urls.keySet()) {
                shards.add(TierProcess.start(Main.class, List.of("--port", "" + map.replicas(id).get(0).getPort(), "--node", id,
                        "--shard-id", id, "--workers", "16", "--data", data.resolve(id).toString(), "--shards", map.inline()),
                        line -> { }));
            }
            for (int i = 1; i <= LOGIC_NODES; i++) {
                logic.add(TierProcess.start(LogicMain.class, List.of("--port", "0", "--node", "logic-" + i, "--shards",
                        map.inline()), line -> { }));
            }
            List<String> accounts = open(logic.get(0).url(), shardCount);
            List<String[]> pairs = pairs(accounts, map, mix);
            System.out.printf("-- %d shard(s), %s: %d pairs%n", shardCount, mix, pairs.size());
            drive(logic, pairs, 2, new Histogram(60_000_000L, 3), new AtomicLong(), new AtomicLong()); // warm-up
            List<CpuShare.Tier> tiers = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                tiers.add(new CpuShare.Tier("shard-" + (i + 1), shards.get(i)));
            }
            for (int i = 0; i < logic.size(); i++) {
                tiers.add(new CpuShare.Tier("logic-" + (i + 1), logic.get(i)));
            }
            Map<String, Duration> cpuBefore = new LinkedHashMap<>();
            tiers.forEach(t -> cpuBefore.put(t.name(), t.process().cpuTime()));
            Histogram latency = new Histogram(60_000_000L, 3);
            AtomicLong done = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long start = System.nanoTime();
            drive(logic, pairs, seconds, latency, done, errors);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Double> cpu = new LinkedHashMap<>();
            for (CpuShare.Tier t : tiers) {
                cpu.put(t.name(), 100.0 * t.process().cpuTime().minus(cpuBefore.get(t.name())).toNanos() / 1e9 / elapsed);
            }
            for (TierProcess l : logic) {
                l.stop();
            }
            logic.clear();
            long records = 0;
            long forces = 0;
            for (TierProcess s : shards) {
                s.stop(); // its journal's closing line counts the records it wrote and the forces they shared
                Matcher m = closingLine(s);
                if (m != null) {
                    records += Long.parseLong(m.group(1));
                    forces += Long.parseLong(m.group(2));
                }
            }
            shards.clear();
            return new Row(shardCount, mix, done.get(), done.get() / elapsed, latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, errors.get(), cpu, records, forces, elapsed);
        } finally {
            for (TierProcess p : logic) {
                p.stop();
            }
            for (TierProcess p : shards) {
                p.stop();
            }
            deleteAll(data);
        }
    }

    /** ACCOUNTS accounts, each with plenty: transfers of 1 cent never run out. */
    private static List<String> open(String url, int shards) throws Exception {
        List<String> ids = new ArrayList<>();
        try (HttpRemote remote = new HttpRemote("logic node", URI.create(url), 1000, 10_000)) {
            for (int i = 0; i < ACCOUNTS; i++) {
                String id = "b" + i;
                // Cold JVMs on a busy machine can miss the 2 s timeout: repeat (a repeated open is a 409, a keyed deposit is once).
                retry(() -> remote.call("POST", "/accounts", Bodies.write(new Bodies.Open(id)), null), 201, 409);
                retry(() -> remote.call("POST", "/accounts/" + id + "/deposits", Bodies.write(new Bodies.Change(1_000_000_000L)),
                        "fund-" + id), 200, 200);
                ids.add(id);
            }
        }
        return ids;
    }

    /** Pairs of distinct accounts, chosen by where the ring places them. */
    private static List<String[]> pairs(List<String> ids, ShardMap map, Mix mix) {
        List<String[]> pairs = new ArrayList<>();
        for (String a : ids) {
            for (String b : ids) {
                boolean same = map.shardFor(a).equals(map.shardFor(b));
                if (!a.equals(b) && (mix == Mix.RANDOM || (mix == Mix.SAME_SHARD) == same)) {
                    pairs.add(new String[] {a, b});
                }
            }
        }
        return pairs;
    }

    private static void drive(List<TierProcess> logic, List<String[]> pairs, double seconds, Histogram latency,
                              AtomicLong done, AtomicLong errors) throws Exception {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(42 + c);
                String url = logic.get(c % logic.size()).url();
                running.add(pool.submit(() -> {
                    Histogram mine = new Histogram(60_000_000L, 3);
                    try (HttpRemote remote = new HttpRemote("logic node", URI.create(url), 1000, 10_000)) {
                        while (System.nanoTime() < until) {
                            String[] pair = pairs.get(random.nextInt(pairs.size()));
                            long sent = System.nanoTime();
                            boolean ok;
                            try {
                                ok = remote.call("POST", "/transfers", Bodies.write(new Bodies.Transfer(pair[0], pair[1], 1)),
                                        null).status() == 201;
                            } catch (Exception e) {
                                ok = false;
                            }
                            if (ok) {
                                mine.recordValue(Math.min((System.nanoTime() - sent) / 1000, 60_000_000L));
                                done.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                    synchronized (latency) {
                        latency.add(mine);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| shards | mix | transfers/s | p50 ms | p99 ms | errors | CPU % by process (of one core) | journal"
                + " records/s | forces/s | records per force |");
        System.out.println("|---:|---|---:|---:|---:|---:|---|---:|---:|---:|");
        for (Row r : rows) {
            String cpu = String.join(", ", r.cpuPercent().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue())).toList());
            double total = r.cpuPercent().values().stream().mapToDouble(Double::doubleValue).sum();
            double life = r.seconds() + 2; // the journal counts from the start: setup and warm-up too (a little more)
            System.out.printf(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %.1f | %d | %s (sum %.0f) | %,.0f | %,.0f | %.1f |%n",
                    r.shards(), r.mix().name().toLowerCase(Locale.ROOT).replace('_', '-'), r.perSecond(), r.p50Ms(), r.p99Ms(),
                    r.errors(), cpu, total, r.records() / life, r.forces() / life,
                    r.forces() == 0 ? 0 : (double) r.records() / r.forces());
        }
        for (int shards : new int[] {2, 4}) {
            Row same = rows.stream().filter(r -> r.shards() == shards && r.mix() == Mix.SAME_SHARD).findFirst().orElseThrow();
            Row cross = rows.stream().filter(r -> r.shards() == shards && r.mix() == Mix.CROSS_SHARD).findFirst().orElseThrow();
            System.out.printf(Locale.ROOT, "%d shards: a cross-shard transfer costs %.1fx the time of a same-shard one at p50"
                    + " (%.1f against %.1f ms), and throughput is %.2fx.%n", shards, cross.p50Ms() / same.p50Ms(), cross.p50Ms(),
                    same.p50Ms(), cross.perSecond() / same.perSecond());
        }
        rows.stream().max(Comparator.comparingDouble(Row::perSecond))
                .ifPresent(best -> System.out.printf(Locale.ROOT, "Best: %,.0f transfers/s (%d shards, %s).%n", best.perSecond(),
                        best.shards(), best.mix()));
    }

    /** The process has exited, but the thread that reads its output may not have read its last lines yet. */
    private static Matcher closingLine(TierProcess shard) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until) {
            Matcher m = CLOSING.matcher(shard.output());
            if (m.find()) {
                return m;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
        System.out.println("(no closing line from a shard: its journal counts are missing from the table)");
        return null;
    }

    private interface Call {
        Response call() throws Exception;
    }

    private static void retry(Call call, int status, int alsoFine) throws Exception {
        for (int i = 0; ; i++) {
            Response r = call.call();
            if (r.status() == status || (i > 0 && r.status() == alsoFine)) {
                return;
            }
            if (r.status() != 503 || i == 10) {
                throw new IllegalStateException("expected " + status + ", got " + r.status() + " " + r.body());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
