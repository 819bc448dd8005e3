package org.birthofds.bank.load;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the bank through its front door, as many users would, and measures what they get:
 * throughput, latency, and whether the money still adds up.
 *
 * <pre>mvn -q -pl chapter01-single-node compile exec:java@load -Dexec.args="--clients 8 --duration 10"</pre>
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (LoadOptions.wantsHelp(args)) {
            System.out.println(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(Measured.header()); // here, not in run: a benchmark calls run many times under one header
        try {
            if (!run(options, System.out).invariantHolds()) {
                System.exit(1);
            }
        } catch (IOException e) {
            System.err.println("load: the bank at " + options.url() + " failed us: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Opens this run's accounts, drives the load, checks the invariant and, unless
     * {@code ceilingSeconds} is 0, measures the generator's own ceiling. Prints progress and the
     * results to {@code out}.
     *
     * @throws IOException if the bank cannot be reached, or its accounts cannot be set up or read back
     */
    public static LoadResult run(LoadOptions options, PrintStream out) throws IOException, InterruptedException {
        Report.plan(options, out);
        try (BankClient bank = BankClient.connect(options.url())) {
            requireHealthy(bank);
            Accounts accounts = Accounts.open(bank, options.accounts());
            warmUp(options, bank, accounts, out);
            long start = System.nanoTime();
            Tally tally = drive(options, bank, accounts, start, out);
            double seconds = (System.nanoTime() - start) / 1e9;
            Accounts.Invariant invariant = check(accounts, bank, tally, out);
            double ceiling = options.ceilingSeconds() > 0
                    ? Ceiling.measure(bank, options.clients(), options.ceilingSeconds()) : 0;
            LoadResult result = tally.result(seconds, invariant, ceiling);
            Report.results(result, options.clients(), out);
            return result;
        }
    }

    private static void warmUp(LoadOptions options, BankClient bank, Accounts accounts, PrintStream out)
            throws InterruptedException {
        if (options.warmupSeconds() > 0) {
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
            Tally warmup = drive(options.warmup(), bank, accounts, System.nanoTime(), nowhere);
            out.printf("warm-up: %d requests in %.1f s, not measured%n", warmup.requests(), options.warmupSeconds());
        }
    }

    private static Tally drive(LoadOptions options, BankClient bank, Accounts accounts, long start, PrintStream out)
            throws InterruptedException {
        Tally tally = new Tally();
        AtomicLong claimed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            Schedule schedule = new Schedule(options, c, start, claimed);
            Workload workload = new Workload(accounts.ids(), options.readPercent(), options.seed() + c);
            threads.add(new Thread(new Client(schedule, workload, bank, tally), "client-" + c));
        }
        Progress progress = Progress.start(tally, start, out);
        try {
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        } finally {
            progress.close();
        }
        return tally;
    }

    /** Reads the balances back; if the bank is gone by now, says what the run saw before failing. */
    private static Accounts.Invariant check(Accounts accounts, BankClient bank, Tally tally, PrintStream out)
            throws IOException, InterruptedException {
        try {
            return accounts.check(bank);
        } catch (IOException e) {
            Report.cutShort(tally, out);
            throw e;
        }
    }

    private static void requireHealthy(BankClient bank) throws IOException {
        BankClient.Answer health = bank.health();
        if (!health.ok()) {
            throw new IOException("GET /health answered " + health.status() + " " + health.body());
        }
    }
}
