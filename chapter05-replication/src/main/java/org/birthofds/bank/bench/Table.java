package org.birthofds.bank.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The replicated benchmark's two tables, and the ratios the chapter's goals are stated in. */
final class Table {
    private record Row(String setup, Writes.Result result) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, List<Long>> failovers = new LinkedHashMap<>();

    void add(String setup, Writes.Result result) {
        rows.add(new Row(setup, result));
        System.out.printf("  %s, %d clients: %,.0f/s, p50 %.2f ms, p99 %.2f ms%n", setup, result.clients(),
                result.perSecond(), result.p50Ms(), result.p99Ms());
    }

    void failovers(String engine, List<Long> millis) {
        failovers.put(engine, millis);
    }

    void print() {
        System.out.println();
        System.out.println("| setup | clients | writes/s | p50 ms | p99 ms | failed | CPU ms per write, 3 members |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            Writes.Result r = row.result();
            System.out.printf("| %s | %d | %,.0f | %.2f | %.2f | %d | %s |%n", row.setup(), r.clients(), r.perSecond(),
                    r.p50Ms(), r.p99Ms(), r.failed(), r.cpuMsPerWrite() == 0 ? "" : String.format("%.3f", r.cpuMsPerWrite()));
        }
        System.out.println();
        System.out.println("| failover after SIGKILL of the leader | kills | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        failovers.forEach((engine, millis) -> {
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.printf("| %s | %d | %d | %d | %d |%n", engine, sorted.size(), median(sorted), sorted.get(0),
                    sorted.get(sorted.size() - 1));
        });
        System.out.println();
        ratio("ours through the front door, transfers, 16 clients / chapter 2's one process (goal: at least 0.33)",
                "ours, through the front door: transfers", "chapter 2, one process: transfers");
        ratio("ours straight to the leader, deposits, 16 clients / etcd's puts (goal: at least 2)",
                "ours, straight to the shard's leader: deposits", "straight to its leader: puts");
        if (failovers.size() == 2) {
            List<Long> ours = failovers.values().stream().findFirst().orElseThrow();
            List<Long> etcd = failovers.values().stream().skip(1).findFirst().orElseThrow();
            System.out.printf("failover median: ours %d ms against etcd's %d ms (goal: ours at most 500 ms)%n",
                    median(ours.stream().sorted().toList()), median(etcd.stream().sorted().toList()));
        }
    }

    private void ratio(String what, String top, String bottom) {
        Writes.Result a = sixteen(top);
        Writes.Result b = sixteen(bottom);
        if (a != null && b != null) {
            System.out.printf("%s: %,.0f / %,.0f = %.2f%n", what, a.perSecond(), b.perSecond(), a.perSecond() / b.perSecond());
        }
    }

    private Writes.Result sixteen(String setup) {
        return rows.stream().filter(r -> r.setup().contains(setup) && r.result().clients() == 16).map(Row::result)
                .findFirst().orElse(null);
    }

    private static long median(List<Long> sorted) {
        return sorted.get(sorted.size() / 2);
    }
}
