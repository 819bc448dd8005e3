package org.birthofds.bank;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.birthofds.bank.load.Measured;

/**
 * Chapter 1's numbers, all in one run: the disk's own fsync rate, then the bank with its
 * journal and in memory only, at 1 and 16 clients. Prints a table for the README.
 *
 * <pre>mvn -q -pl chapter01-single-node compile exec:java@bench -Dexec.args="--seconds 10"</pre>
 */
public final class Benchmark {
    private static final int[] CLIENTS = {1, 16};

    private record Row(String mode, int clients, LoadResult result) {
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 0 && (args.length != 2 || !args[0].equals("--seconds"))) {
            System.err.println("Usage: Benchmark [--seconds N]   (seconds per load run, default 10)");
            System.exit(2);
        }
        int seconds = args.length == 2 ? Integer.parseInt(args[1]) : 10;
        System.out.println(Measured.header());
        Path scratch = Files.createTempDirectory("bank-benchmark");
        System.out.printf("Chapter 1 benchmark: %d s per run, %d cores, scratch data in %s%n",
                seconds, Runtime.getRuntime().availableProcessors(), scratch);
        double fsyncBefore = FsyncRate.measure(scratch, Duration.ofSeconds(3), Duration.ZERO);
        System.out.printf("fsync rate before the runs: %,.0f records/s%n", fsyncBefore);
        List<Row> rows = new ArrayList<>();
        rows.addAll(runs("journal", seconds, "--data", scratch.resolve("journal").toString()));
        rows.addAll(runs("memory-only", seconds, "--memory-only"));
        double fsyncAfter = FsyncRate.measure(scratch, Duration.ofSeconds(3), Duration.ZERO);
        System.out.printf("fsync rate after the runs: %,.0f records/s%n", fsyncAfter);
        // One client leaves the disk idle for a network round trip between forces: measure that too.
        Duration roundTrip = Duration.ofNanos((long) (rows.get(2).result().p50Ms() * 1e6));
        double fsyncWithGaps = FsyncRate.measure(scratch, Duration.ofSeconds(3), roundTrip);
        System.out.printf("fsync rate with a %d us pause between forces: %,.0f records/s%n%n", roundTrip.toNanos() / 1000,
                fsyncWithGaps);
        print(rows, (fsyncBefore + fsyncAfter) / 2, roundTrip, fsyncWithGaps);
    }

    private static List<Row> runs(String mode, int seconds, String... storageFlags) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        String[] flags = new String[storageFlags.length + 2];
        flags[0] = "--port";
        flags[1] = "0";
        System.arraycopy(storageFlags, 0, flags, 2, storageFlags.length);
        try (BankNode node = BankNode.start(Flags.parse(flags))) {
            for (int clients : CLIENTS) {
                System.out.printf("%n-- %s, %d clients%n", mode, clients);
                LoadOptions options = new LoadOptions(node.url(), clients, 0, seconds, 0, 42, 100, 0, 2, 2);
                rows.add(new Row(mode, clients, LoadGenerator.run(options, System.out)));
            }
        }
        return rows;
    }

    private static void print(List<Row> rows, double fsyncRate, Duration roundTrip, double fsyncWithGaps) {
        System.out.printf("machine fsync rate: %,.0f records/s (a force per record, mean of before and after)%n%n", fsyncRate);
        System.out.println("| storage     | clients | transfers/s | p50 ms | p99 ms | generator ceiling (GET /health) | invariant |");
        System.out.println("|-------------|--------:|------------:|-------:|-------:|--------------------------------:|-----------|");
        for (Row row : rows) {
            LoadResult r = row.result();
            System.out.printf("| %-11s | %7d | %,11.0f | %6.2f | %6.2f | %,25.0f req/s | %-9s |%n", row.mode(), row.clients(),
                    r.transfersPerSecond(), r.p50Ms(), r.p99Ms(), r.ceilingPerSecond(), r.invariantHolds() ? "OK" : "VIOLATED");
        }
        LoadResult oneClient = rows.get(0).result();
        System.out.printf("%nOne client with the journal: %,.0f transfers/s = %.0f%% of the raw fsync rate (goal: at least 70%%).%n",
                oneClient.transfersPerSecond(), 100 * oneClient.transfersPerSecond() / fsyncRate);
        System.out.printf("With a %d us round trip (memory-only p50) between forces, the disk alone manages %,.0f/s:"
                + " the one client reaches %.0f%% of that.%n", roundTrip.toNanos() / 1000, fsyncWithGaps,
                100 * oneClient.transfersPerSecond() / fsyncWithGaps);
    }
}
