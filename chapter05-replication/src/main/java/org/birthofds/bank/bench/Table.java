package org.birthofds.bank.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The replicated benchmark's two tables: writes, and failovers. {@link Goals} reads the chapter's ratios off them. */
final class Table {
    /** What a row of writes measured: the same closed-loop clients, against each setup in turn. */
    enum Setup {
        CHAPTER_2_DEPOSITS("chapter 2, one process: deposits"),
        CHAPTER_2_TRANSFERS("chapter 2, one process: transfers"),
        OURS_STRAIGHT("ours, straight to the leader: deposits"),
        FRONT_DOOR_DEPOSITS("ours, through the front door: deposits"),
        FRONT_DOOR_TRANSFERS("ours, through the front door: transfers"),
        ETCD("etcd, straight to its leader: puts");

        final String label;

        Setup(String label) {
            this.label = label;
        }
    }

    /** Whose failover, and with which timing. */
    enum Failovers {
        OURS, ETCD_DEFAULTS, ETCD_OUR_TIMING
    }

    private record Row(Setup setup, Cost.Priced run) {
    }

    private record Kills(String engine, List<Long> millis) {
        long median() {
            return sorted().get(millis.size() / 2);
        }

        List<Long> sorted() {
            return millis.stream().sorted().toList();
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<Failovers, Kills> failovers = new EnumMap<>(Failovers.class);

    void add(Setup setup, Cost.Priced run) {
        rows.add(new Row(setup, run));
        Writes.Result r = run.result();
        System.out.printf("  %s, %d %s: %,.0f/s, p50 %.2f ms, p99 %.2f ms%n", setup.label, r.clients(),
                r.clients() == 1 ? "client" : "clients", r.perSecond(), r.p50Ms(), r.p99Ms());
    }

    /** @param engine what was killed, with its timing */
    void failovers(Failovers which, String engine, List<Long> millis) {
        failovers.put(which, new Kills(engine, millis));
    }

    /** The row of {@code setup} at {@code clients}, or null if it was not measured. */
    Cost.Priced row(Setup setup, int clients) {
        return rows.stream().filter(r -> r.setup() == setup && r.run().result().clients() == clients).map(Row::run)
                .findFirst().orElse(null);
    }

    /** The median failover of {@code which} in ms, or -1 if it was not measured. */
    long medianFailover(Failovers which) {
        Kills kills = failovers.get(which);
        return kills == null || kills.millis().isEmpty() ? -1 : kills.median();
    }

    /** Elections during all rows of the setups given; -1 if none was watched. */
    long elections(Setup... setups) {
        return rows.stream().filter(r -> List.of(setups).contains(r.setup()) && r.run().cost().elections() >= 0)
                .mapToLong(r -> r.run().cost().elections()).reduce(Long::sum).orElse(-1);
    }

    void print() {
        System.out.println();
        System.out.println("| setup | clients | writes/s | p50 ms | p99 ms | failed | CPU ms per write, servers"
                + " | fsyncs per write, leader | elections |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            Writes.Result r = row.run().result();
            Cost cost = row.run().cost();
            System.out.printf("| %s | %d | %,.0f | %.2f | %.2f | %d | %s | %s | %s |%n", row.setup().label, r.clients(),
                    r.perSecond(), r.p50Ms(), r.p99Ms(), r.failed(), number(cost.cpuMsPerWrite()),
                    number(cost.leaderFsyncsPerWrite()), cost.elections() < 0 ? "" : cost.elections());
        }
        System.out.println();
        System.out.println("CPU: the servers' processes, summed (chapter 2: its one process; straight to the leader and"
                + " etcd: three members; the front door: the logic node, the balancer and three replicas). Not priced:"
                + " transfers, whose runs open and fund their accounts too. Elections: rises of the highest term a member"
                + " reported to the live page's polling.");
        System.out.println();
        System.out.println("| failover after SIGKILL of the leader | kills | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        failovers.values().stream().filter(kills -> !kills.millis().isEmpty()).forEach(kills -> {
            List<Long> sorted = kills.sorted();
            System.out.printf("| %s | %d | %d | %d | %d |%n", kills.engine(), sorted.size(), kills.median(), sorted.get(0),
                    sorted.get(sorted.size() - 1));
        });
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format("%.3f", value);
    }
}
