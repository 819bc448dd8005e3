package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.birthofds.bank.load.Measured;

/**
 * The chapter's figures for a fixed seed set (elections and messages count every shard group's
 * replicas together; a committed write is a client's write or a two-phase step alike): seeds 1..6N (N of each scenario, as a seed picks
 * its scenario) and, for the election after a leader crash, seeds 1..N with the leader crashed at
 * 1500 virtual ms. Everything but the runs per second is in virtual time, so the same on any
 * machine; the runs per second say how many seeds a sweep or a soak gets through here.
 * A benchmark main, not a test:
 * {@code mvn -q -pl chapter05-replication compile exec:java@figures [-Dexec.args=N]} (N = 200 unless given).
 */
public final class Figures {
    private static final Observer NOTHING = new Observer() { };

    private Figures() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        // The figures in virtual time are the same on any machine; the runs per second are this one's.
        System.out.println(Measured.header());
        long crashAt = 1500;
        for (long seed = 1; seed <= 30; seed++) {
            Trial.run(seed, Options.sweep(seed), "Figures"); // warm up the JIT before timing
        }
        List<Double> elections = new ArrayList<>();
        List<Double> perWrite = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        long started = System.nanoTime();
        int scenarios = Schedule.Scenario.values().length;
        for (Schedule.Scenario scenario : Schedule.Scenario.values()) {
            List<Double> scenarioElections = new ArrayList<>();
            List<Double> scenarioPerWrite = new ArrayList<>();
            for (long seed = 1; seed <= (long) seeds * scenarios; seed++) {
                if (Schedule.scenarioOf(seed) == scenario) {
                    Run run = new Simulator(seed, Options.sweep(seed)).run(NOTHING);
                    scenarioElections.add((double) run.elections());
                    scenarioPerWrite.add((double) run.messages() / Math.max(1, run.committedWrites()));
                }
            }
            rows.add(row("elections per run, " + scenario, scenarioElections));
            rows.add(row("messages per committed write, " + scenario, scenarioPerWrite));
            elections.addAll(scenarioElections);
            perWrite.addAll(scenarioPerWrite);
        }
        double simulated = (System.nanoTime() - started) / 1e9;
        long checkedFrom = System.nanoTime();
        for (long seed = 1; seed <= seeds; seed++) {
            Trial.run(seed, Options.sweep(seed), "Figures");
        }
        double checked = (System.nanoTime() - checkedFrom) / 1e9;
        List<Double> delays = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            Options options = Options.standard().withSchedule(Schedule.reliable(List.of(Fault.crashLeader(crashAt, "s1"))));
            new Simulator(seed, options).run(NOTHING).electionDelays().forEach(d -> delays.add((double) d));
        }

        Options standard = Options.standard();
        System.out.printf("Figures: seeds 1..%d (%d of each scenario), %d shard groups of 3 or 5 replicas, %d logic nodes,"
                + " %d clients, %d virtual ms of load%n", seeds * scenarios, seeds, standard.shards(), standard.logicNodes(),
                standard.clients(), standard.loadMillis());
        System.out.printf("%-48s %6s %8s %8s %8s %8s%n", "figure", "n", "mean", "p50", "p99", "max");
        System.out.printf("%-48s %6d %8.0f%n", "simulated runs per second (wall clock)", seeds * scenarios,
                seeds * scenarios / simulated);
        System.out.printf("%-48s %6d %8.0f%n", "  ... with every checker, as in the sweep", seeds, seeds / checked);
        System.out.println(row("elections per run, all scenarios", elections));
        System.out.println(row("messages per committed write, all scenarios", perWrite));
        rows.forEach(System.out::println);
        System.out.println(row("virtual ms to elect after s1's leader crashes", delays)
                + "   (seeds 1.." + seeds + ", crash at " + crashAt + " ms)");
    }

    private static String row(String name, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return String.format("%-48s %6d %8.1f %8.1f %8.1f %8.1f", name, sorted.size(), mean, at(sorted, 0.5), at(sorted, 0.99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
    }

    /** Nearest rank: the smallest value with at least a fraction {@code q} of them at or below it. */
    private static double at(List<Double> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.max(0, Math.ceil(q * sorted.size()) - 1));
    }
}
