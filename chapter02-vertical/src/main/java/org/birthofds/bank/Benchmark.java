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
 * Chapter 2's headline numbers, all in one run: durable transfers at 1, 4 and 16 clients, each
 * beside the HTTP stack's own limit with as many clients (Javalin answering GET /health, which
 * does no work), and the records each force made durable. Prints a table for the README.
 *
 * <pre>mvn -q -pl chapter02-vertical compile exec:java@bench -Dexec.args="--seconds 10"</pre>
 */
public final class Benchmark {
    private static final int[] CLIENTS = {1, 4, 16};
    private static final int WORKERS = 16;

    private record Row(int workers, int clients, LoadResult result, double recordsPerForce) {
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
        System.out.printf("Chapter 2 benchmark: %d s per run, %d cores, scratch data in %s%n",
                seconds, Runtime.getRuntime().availableProcessors(), scratch);
        double fsync = FsyncRate.measure(scratch, Duration.ofSeconds(3), Duration.ZERO);
        System.out.printf("fsync rate, one force per record: %,.0f records/s%n", fsync);
        List<Row> rows = new ArrayList<>();
        rows.addAll(runs(scratch.resolve("one-worker"), 1, new int[] {16}, seconds));
        rows.addAll(runs(scratch.resolve("workers"), WORKERS, CLIENTS, seconds));
        print(rows, fsync);
    }

    private static List<Row> runs(Path data, int workers, int[] clientCounts, int seconds)
            throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        Flags flags = Flags.parse("--port", "0", "--data", data.toString(), "--workers", String.valueOf(workers));
        try (BankNode node = BankNode.start(flags)) {
            for (int clients : clientCounts) {
                System.out.printf("%n-- journal, %d workers, %d clients%n", workers, clients);
                LoadOptions options = new LoadOptions(node.url(), clients, 0, seconds, 0, 42, 100, 0, 2, 3);
                long writes = node.journal().writes();
                long forces = node.journal().forces();
                LoadResult result = LoadGenerator.run(options, System.out);
                double perForce = (double) (node.journal().writes() - writes) / (node.journal().forces() - forces);
                rows.add(new Row(workers, clients, result, perForce));
            }
        }
        return rows;
    }

    private static void print(List<Row> rows, double fsync) {
        System.out.printf("%nfsync rate: %,.0f records/s with a force per record%n%n", fsync);
        System.out.println("| workers | clients | durable transfers/s | p50 ms | p99 ms | records per force "
                + "| HTTP limit (GET /health) | transfers / limit | invariant |");
        System.out.println("|--------:|--------:|--------------------:|-------:|-------:|------------------:"
                + "|-------------------------:|------------------:|-----------|");
        for (Row row : rows) {
            LoadResult r = row.result();
            System.out.printf("| %7d | %7d | %,19.0f | %6.2f | %6.2f | %17.1f | %,18.0f req/s | %16.0f%% | %-9s |%n",
                    row.workers(), row.clients(), r.transfersPerSecond(), r.p50Ms(), r.p99Ms(), row.recordsPerForce(),
                    r.ceilingPerSecond(), 100 * r.transfersPerSecond() / r.ceilingPerSecond(),
                    r.invariantHolds() ? "OK" : "VIOLATED");
        }
        Row last = rows.get(rows.size() - 1);
        System.out.printf("%nAt %d clients: durable transfers reach %.0f%% of the HTTP stack's limit (goal: at least 50%%).%n",
                last.clients(), 100 * last.result().transfersPerSecond() / last.result().ceilingPerSecond());
    }
}
