package org.birthofds.bank.simulation;

/**
 * Runs seed after seed through every checker for as long as asked, printing progress; on a
 * failure it prints the report, then the schedule shrunk to the faults that still make it fail.
 * {@code mvn -q -pl chapter05-replication compile exec:java@soak -Dexec.args="--seconds 60 [--from SEED]"}
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) {
        long seconds = 60;
        long seed = System.currentTimeMillis() % 1_000_000_000L;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--from" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: Soak --seconds N [--from SEED]");
            }
        }
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextProgress = start + 5_000_000_000L;
        long first = seed;
        int runs = 0;
        int failures = 0;
        while (System.nanoTime() < end) {
            String failure = Sweep.failure(seed, Options.sweep(seed), "SeedSweepTest");
            runs++;
            if (failure != null) {
                failures++;
                System.out.println("FAILED\n" + failure);
                boolean unsafe = !Trial.run(seed, Options.sweep(seed), "SeedSweepTest", true).safe();
                Schedule shrunk = Trial.shrink(seed, Options.sweep(seed), v -> unsafe ? !v.safe() : !v.live());
                System.out.println("Shrunk schedule (still " + (unsafe ? "unsafe" : "stuck") + "): " + shrunk);
            }
            seed++;
            if (System.nanoTime() > nextProgress) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("soak: %d runs (seeds %d..%d), %d failed, %.0f s, %.0f runs/s%n",
                        runs, first, seed - 1, failures, elapsed, runs / elapsed);
                nextProgress += 5_000_000_000L;
            }
        }
        System.out.printf("soak done: %d runs (seeds %d..%d), %d failed%n", runs, first, seed - 1, failures);
        System.exit(failures == 0 ? 0 : 1);
    }
}
