package org.birthofds.bank.bench;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a measured run cost the servers, per acknowledged write: the CPU of their processes (the
 * clients run in this JVM and are not counted), and the fsyncs of the leader's log; and the
 * elections the live page saw meanwhile. NaN, or -1 elections: not measured.
 */
record Cost(double cpuMsPerWrite, double leaderFsyncsPerWrite, long elections) {
    /** Not measured: the load generator's transfers open and fund their accounts inside the run (see {@link #watched}). */
    static final Cost NONE = new Cost(Double.NaN, Double.NaN, -1);

    interface Run {
        Writes.Result call() throws Exception;
    }

    /** A run and its cost. */
    record Priced(Writes.Result result, Cost cost) {
    }

    /** A run against processes with no leader (chapter 2's one process): their CPU only. */
    static Priced of(Supplier<Duration> cpu, Run run) throws Exception {
        Duration before = cpu.get();
        Writes.Result result = run.call();
        return new Priced(result, new Cost(perWrite(cpu.get().minus(before).toNanos() / 1e6, result), Double.NaN, -1));
    }

    /**
     * A run against a group: {@code cpu} is all its processes' (three members, and the front door's
     * if the run goes through it). The leader's fsyncs are counted only if it led throughout: after
     * an election the two counts would be of two members' disks.
     */
    static Priced of(ThreeReplicas group, LivePagePolling page, Supplier<Duration> cpu, Run run) throws Exception {
        int leader = group.leader();
        long fsyncsBefore = leader < 0 ? -1 : group.fsyncs(leader);
        long termBefore = page.term();
        Duration cpuBefore = cpu.get();
        Writes.Result result = run.call();
        Duration used = cpu.get().minus(cpuBefore);
        long elections = page.term() - termBefore;
        long fsyncsAfter = leader >= 0 && group.leader() == leader ? group.fsyncs(leader) : -1;
        double fsyncs = fsyncsBefore < 0 || fsyncsAfter < 0 ? Double.NaN : perWrite(fsyncsAfter - fsyncsBefore, result);
        return new Priced(result, new Cost(perWrite(used.toNanos() / 1e6, result), fsyncs, elections));
    }

    /**
     * A run of the load generator's transfers: the elections only. It opens and funds its accounts
     * inside the run, writes that are not transfers, so a price per transfer would be too high.
     */
    static Priced watched(LivePagePolling page, Run run) throws Exception {
        long termBefore = page.term();
        Writes.Result result = run.call();
        return new Priced(result, new Cost(Double.NaN, Double.NaN, page.term() - termBefore));
    }

    private static double perWrite(double total, Writes.Result result) {
        return result.writes() == 0 ? Double.NaN : total / result.writes();
    }
}
