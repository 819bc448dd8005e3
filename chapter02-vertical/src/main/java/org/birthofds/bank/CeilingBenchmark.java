package org.birthofds.bank;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.birthofds.bank.load.Measured;

/**
 * The ceiling that no bigger machine removes. The same load, at 1, 2, 4, 8, 16 and 32 workers:
 * first with 1 ms of CPU work per request, then with 1 ms of waiting (like a disk or another
 * server). CPU-bound throughput stops rising at the core count; waiting throughput rises until
 * something else runs out. Prints both tables for the README.
 *
 * <pre>mvn -q -pl chapter02-vertical compile exec:java@ceiling -Dexec.args="--seconds 5"</pre>
 */
public final class CeilingBenchmark {
    private static final int[] WORKERS = {1, 2, 4, 8, 16, 32};
    private static final int CLIENTS = 32;

    private record Row(int workers, LoadResult result) {
    }

    private CeilingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 0 && (args.length != 2 || !args[0].equals("--seconds"))) {
            System.err.println("Usage: CeilingBenchmark [--seconds N]   (seconds per load run, default 5)");
            System.exit(2);
        }
        int seconds = args.length == 2 ? Integer.parseInt(args[1]) : 5;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println(Measured.header());
        System.out.printf("Ceiling benchmark: %d cores, %d clients, memory only, %d s per run%n", cores, CLIENTS, seconds);
        List<Row> computing = runs("--cpu-ms", seconds);
        List<Row> waiting = runs("--work-ms", seconds);
        print("1 ms of CPU work per request", computing, cores);
        print("1 ms of waiting per request", waiting, cores);
    }

    private static List<Row> runs(String workFlag, int seconds) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (int workers : WORKERS) {
            System.out.printf("%n-- %s 1, %d workers%n", workFlag, workers);
            Flags flags = Flags.parse("--port", "0", "--memory-only", "--workers", String.valueOf(workers), workFlag, "1");
            try (BankNode node = BankNode.start(flags)) {
                LoadOptions options = new LoadOptions(node.url(), CLIENTS, 0, seconds, 0, 42, 100, 0, 1, 0);
                rows.add(new Row(workers, LoadGenerator.run(options, System.out)));
            }
        }
        return rows;
    }

    /**
     * Work in progress is requests/s times the 1 ms each one needs (Little's law): how many
     * requests were being worked on at any moment. CPU work cannot keep more of them going than
     * there are cores; waiting can keep one going per worker.
     */
    private static void print(String work, List<Row> rows, int cores) {
        double one = rows.get(0).result().requestsPerSecond();
        System.out.printf("%n%s, %d cores, %d clients:%n%n", work, cores, CLIENTS);
        System.out.println("| workers | requests/s | speed-up over 1 worker | work in progress | p50 ms | p99 ms |");
        System.out.println("|--------:|-----------:|-----------------------:|-----------------:|-------:|-------:|");
        for (Row row : rows) {
            LoadResult r = row.result();
            System.out.printf("| %7d | %,10.0f | %21.1fx | %16.2f | %6.2f | %6.2f |%n", row.workers(), r.requestsPerSecond(),
                    r.requestsPerSecond() / one, r.requestsPerSecond() / 1000, r.p50Ms(), r.p99Ms());
        }
    }
}
