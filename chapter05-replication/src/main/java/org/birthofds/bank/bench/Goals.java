package org.birthofds.bank.bench;

import java.util.function.ToDoubleFunction;
import org.birthofds.bank.bench.Table.Failovers;
import org.birthofds.bank.bench.Table.Setup;

/**
 * The chapter's goals for its replicated writes, as ratios within one run, each with the measured
 * value and whether it is met. A ratio of two numbers from the same run on the same machine holds
 * where the numbers themselves do not: another machine moves both.
 */
final class Goals {
    private static final int FEW = 1;
    private static final int MANY = 16;
    private static final long FAILOVER_MS = 500;

    private Goals() {
    }

    static void print(Table table) {
        System.out.println();
        System.out.println("| goal | measured | target | met |");
        System.out.println("|---|---|---|---|");
        ratio(table, "writes/s at 16 clients: ours straight to the leader / etcd", Setup.OURS_STRAIGHT, Setup.ETCD,
                r -> r.result().perSecond(), "%,.0f", "at least 2", 2, true);
        p50(table);
        ratio(table, "deposits/s at 16 clients: ours through the front door / chapter 2's one process",
                Setup.FRONT_DOOR_DEPOSITS, Setup.CHAPTER_2_DEPOSITS, r -> r.result().perSecond(), "%,.0f", "at least 1/3",
                1 / 3.0, true);
        ratio(table, "CPU ms per write at 16 clients: ours straight to the leader / etcd", Setup.OURS_STRAIGHT, Setup.ETCD,
                r -> r.cost().cpuMsPerWrite(), "%.3f", "at most 1/2", 0.5, false);
        fsyncs(table);
        failover(table);
        long elections = table.elections(Setup.OURS_STRAIGHT, Setup.FRONT_DOOR_DEPOSITS, Setup.FRONT_DOOR_TRANSFERS);
        line("elections no fault caused, during ours' rows with the live page polling", elections < 0 ? "" : "" + elections,
                "0 (the goal's 5 minutes at 16 clients: exec:java@timeouts)", elections < 0 ? null : elections == 0);
    }

    /** {@code top} over {@code bottom} at 16 clients, against {@code goal}: at least it, or at most it. */
    private static void ratio(Table table, String what, Setup top, Setup bottom, ToDoubleFunction<Cost.Priced> value,
                              String format, String target, double goal, boolean atLeast) {
        Cost.Priced a = table.row(top, MANY);
        Cost.Priced b = table.row(bottom, MANY);
        if (a == null || b == null) {
            line(what, "", target, null);
            return;
        }
        double ratio = value.applyAsDouble(a) / value.applyAsDouble(b);
        line(what, String.format(format + " / " + format + " = %.2f", value.applyAsDouble(a), value.applyAsDouble(b), ratio),
                target,
                Double.isNaN(ratio) ? null : atLeast ? ratio >= goal : ratio <= goal);
    }

    private static void p50(Table table) {
        Cost.Priced ours = table.row(Setup.OURS_STRAIGHT, FEW);
        Cost.Priced etcd = table.row(Setup.ETCD, FEW);
        String what = "p50 at 1 client, straight to the leader: ours against etcd";
        if (ours == null || etcd == null) {
            line(what, "", "ours no more than etcd's", null);
            return;
        }
        double a = ours.result().p50Ms();
        double b = etcd.result().p50Ms();
        line(what, String.format("%.2f ms against %.2f ms", a, b), "ours no more than etcd's", a <= b);
    }

    private static void fsyncs(Table table) {
        Cost.Priced ours = table.row(Setup.OURS_STRAIGHT, MANY);
        double perWrite = ours == null ? Double.NaN : ours.cost().leaderFsyncsPerWrite();
        line("fsyncs per write on our leader, 16 clients", Double.isNaN(perWrite) ? "" : String.format("%.3f", perWrite),
                "at most 0.25", Double.isNaN(perWrite) ? null : perWrite <= 0.25);
    }

    private static void failover(Table table) {
        long ours = table.medianFailover(Failovers.OURS);
        long etcd = table.medianFailover(Failovers.ETCD_OUR_TIMING);
        line("failover median at the same election timeout: ours against etcd", ours < 0 || etcd < 0 ? ""
                : ours + " ms against " + etcd + " ms", "ours no slower", ours < 0 || etcd < 0 ? null : ours <= etcd);
        line("failover median, ours", ours < 0 ? "" : ours + " ms", "at most " + FAILOVER_MS + " ms",
                ours < 0 ? null : ours <= FAILOVER_MS);
    }

    /** @param met null: not measured in this run */
    private static void line(String goal, String measured, String target, Boolean met) {
        System.out.printf("| %s | %s | %s | %s |%n", goal, met == null ? "not measured" : measured, target,
                met == null ? "" : met ? "pass" : "MISS");
    }
}
