package org.birthofds.bank.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.birthofds.bank.tiers.TierProcess;

/**
 * How much CPU each tier's process spends per request, read from the operating system around
 * one measured run. Which tier needs the bigger machine is the one with the most CPU per
 * request. The client runs in another process and is not counted.
 */
final class CpuShare {
    record Tier(String name, TierProcess process) {
    }

    record Result(long requests, double perSecond, double p50Ms, double p99Ms, boolean invariantHolds) {
    }

    record Row(String setup, int clients, Result result, Map<String, Double> cpuMsPerRequest) {
    }

    interface Run {
        Result call() throws Exception;
    }

    private CpuShare() {
    }

    static Row measure(String setup, int clients, List<Tier> tiers, Run run) throws Exception {
        Map<String, Duration> before = new LinkedHashMap<>();
        tiers.forEach(tier -> before.put(tier.name(), tier.process().cpuTime()));
        Result result = run.call();
        Map<String, Double> perRequest = new LinkedHashMap<>();
        for (Tier tier : tiers) {
            Duration used = tier.process().cpuTime().minus(before.get(tier.name()));
            perRequest.put(tier.name(), used.toNanos() / 1e6 / Math.max(1, result.requests()));
        }
        return new Row(setup, clients, result, perRequest);
    }

    static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| setup | clients | requests/s | p50 ms | p99 ms | CPU ms per request, by process | total CPU ms | check |");
        System.out.println("|---|---:|---:|---:|---:|---|---:|---|");
        for (Row row : rows) {
            Result r = row.result();
            String split = row.cpuMsPerRequest().entrySet().stream()
                    .map(e -> String.format("%s %.3f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
            double total = row.cpuMsPerRequest().values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf("| %s | %d | %,.0f | %.2f | %.2f | %s | %.3f | %s |%n", row.setup(), row.clients(),
                    r.perSecond(), r.p50Ms(), r.p99Ms(), split, total, r.invariantHolds() ? "OK" : "VIOLATED");
        }
    }
}
