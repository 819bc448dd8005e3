package org.birthofds.bank.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.Main;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.rebalance.AddShard;
import org.birthofds.bank.shard.ModuloPlacement;
import org.birthofds.bank.shard.Ring;
import org.birthofds.bank.shard.ShardMap;
import org.birthofds.bank.tiers.TierProcess;

/**
 * How much of the bank moves when a shard is added, measured on a real addition: M shards and a
 * logic node (each a JVM of its own, memory-only, on 127.0.0.1), N accounts opened through the
 * logic node, then shard M+1 added while nothing else runs; the accounts each shard lists, before
 * and after, against what consistent hashing promises (about 1/(M+1)) and what {@code hash % M}
 * would have moved. Then the same fraction for other M, from the ring alone.
 *
 * <pre>mvn -q -pl chapter04-horizontal compile exec:java@rebalance [-Dexec.args="--shards 3 --accounts 10000"]</pre>
 */
public final class Rebalance {
    private Rebalance() {
    }

    public static void main(String[] args) throws Exception {
        int shards = 3;
        int accounts = 10_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--shards" -> shards = Integer.parseInt(args[i + 1]);
                case "--accounts" -> accounts = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Rebalance takes --shards M and --accounts N, not " + args[i]);
            }
        }
        System.out.println(Measured.header());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            ids.add("acct" + i);
        }
        List<TierProcess> processes = new ArrayList<>();
        try {
            Map<String, String> urls = new LinkedHashMap<>();
            for (int i = 1; i <= shards; i++) {
                TierProcess shard = TierProcess.start(Main.class, List.of("--port", "0", "--memory-only", "--admin",
                        "--workers", "16", "--shard-id", "shard-" + i, "--node", "shard-" + i), line -> { });
                processes.add(shard);
                urls.put("shard-" + i, shard.url());
            }
            ShardMap before = ShardMap.of(urls);
            TierProcess logic = TierProcess.start(LogicMain.class, List.of("--port", "0", "--admin", "--shards", before.inline()),
                    line -> { });
            processes.add(logic);
            long opening = System.nanoTime();
            open(logic.url(), ids);
            System.out.printf(Locale.ROOT, "Opened %,d accounts over %d shards in %.1f s%n", accounts, shards,
                    (System.nanoTime() - opening) / 1e9);
            Map<String, Integer> countsBefore = counts(before);
            String added = "shard-" + (shards + 1);
            TierProcess newShard = TierProcess.start(Main.class, List.of("--port", "0", "--memory-only", "--admin",
                    "--workers", "16", "--shard-id", added, "--node", added), line -> { });
            processes.add(newShard);
            urls.put(added, newShard.url());
            ShardMap after = ShardMap.of(urls);
            AddShard.Report report;
            try (AddShard add = new AddShard(before, after, List.of(URI.create(logic.url())), 4)) {
                report = add.run();
            }
            Map<String, Integer> countsAfter = counts(after);
            print(report, countsBefore, countsAfter, ids, shards);
        } finally {
            for (TierProcess p : processes) {
                p.stop();
            }
        }
        ringTable(ids);
    }

    private static void open(String logicUrl, List<String> ids) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                running.add(pool.submit(() -> {
                    try (HttpRemote remote = new HttpRemote("logic node", URI.create(logicUrl), 1000, 10_000)) {
                        for (int i = first; i < ids.size(); i += threads) {
                            Response r = remote.call("POST", "/accounts", Bodies.write(new Bodies.Open(ids.get(i))), null);
                            if (r.status() != 201) {
                                throw new IllegalStateException("open " + ids.get(i) + ": " + r.status() + " " + r.body());
                            }
                        }
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

    /** What each shard lists itself, asked directly. */
    private static Map<String, Integer> counts(ShardMap map) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (var entry : map.urls().entrySet()) {
            try (HttpRemote remote = new HttpRemote(entry.getKey(), entry.getValue(), 1000, 30_000)) {
                Response r = remote.call("GET", "/accounts", null, null);
                counts.put(entry.getKey(), Bodies.read(r.body(), Bodies.AccountList.class).accounts().size());
            }
        }
        return counts;
    }

    private static void print(AddShard.Report report, Map<String, Integer> before, Map<String, Integer> after,
                              List<String> ids, int shards) {
        System.out.println(report.summary());
        System.out.printf("%n| shard | accounts before | accounts after |%n|---|---:|---:|%n");
        after.forEach((shard, n) -> System.out.printf(Locale.ROOT, "| %s | %,d | %,d |%n", shard,
                before.getOrDefault(shard, 0), n));
        int predicted = Ring.moves(Ring.of(Ring.shardIds(shards)), Ring.of(Ring.shardIds(shards + 1)), ids).size();
        int modulo = ModuloPlacement.moves(new ModuloPlacement(Ring.shardIds(shards)),
                new ModuloPlacement(Ring.shardIds(shards + 1)), ids).size();
        System.out.printf(Locale.ROOT, "%nMoved by the addition: %,d of %,d = %.4f; the ring predicted %,d; 1/(M+1) = %.4f;"
                        + " hash %% M would have moved %,d = %.4f.%n", report.moved().size(), report.accounts(),
                report.fraction(), predicted, 1.0 / (shards + 1), modulo, (double) modulo / ids.size());
        if (predicted != report.moved().size() || after.values().stream().mapToInt(Integer::intValue).sum() != ids.size()) {
            throw new IllegalStateException("The addition moved other accounts than the ring says, or lost some.");
        }
    }

    /** From the ring alone (no shards): the same measure for other cluster sizes. */
    private static void ringTable(List<String> ids) {
        System.out.printf("%n| M -> M+1 | ring moves | fraction | 1/(M+1) | hash %% M moves | fraction |%n"
                + "|---|---:|---:|---:|---:|---:|%n");
        for (int m = 1; m <= 8; m++) {
            int ring = Ring.moves(Ring.of(Ring.shardIds(m)), Ring.of(Ring.shardIds(m + 1)), ids).size();
            int modulo = ModuloPlacement.moves(new ModuloPlacement(Ring.shardIds(m)), new ModuloPlacement(Ring.shardIds(m + 1)),
                    ids).size();
            System.out.printf(Locale.ROOT, "| %d -> %d | %,d | %.4f | %.4f | %,d | %.4f |%n", m, m + 1, ring,
                    (double) ring / ids.size(), 1.0 / (m + 1), modulo, (double) modulo / ids.size());
        }
    }
}
