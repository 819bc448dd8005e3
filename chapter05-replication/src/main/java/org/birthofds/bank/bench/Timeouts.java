package org.birthofds.bank.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.node.CommandLine;

/**
 * The election timeout's trade-off, measured. A follower that waits less for a heartbeat takes
 * over sooner when the leader dies; it also takes a heartbeat that is only late for a dead leader,
 * and starts an election no fault caused. Heartbeats are late on a busy machine: three replicas, a
 * logic node, the balancer and the clients share its cores, JITs compile, collectors pause.
 *
 * <p>For each election timeout, a fresh bank of one shard (three replicas, a logic node, the
 * balancer) takes deposits from 16 clients through the front door while the live page polls every
 * replica. Elections are counted in its first minute, cold (every JIT still compiling the paths the
 * load takes), and in the {@code --seconds} after it, warm; then the leader is killed {@code --kills}
 * times, as in {@link Replicated}'s failover rows.
 *
 * <pre>./mvnw -q -pl chapter05-replication compile exec:java@timeouts -Dexec.args="--seconds 300 --kills 5"</pre>
 */
public final class Timeouts {
    private static final int COLD_SECONDS = 60;
    private static final String USAGE = String.join("\n",
            "Usage: Timeouts [--election-ms N,N,...] [--seconds N] [--kills N] [--clients N]",
            "  --election-ms L  our replicas' --election-ms, one bank for each (default 150,300,500,1000)",
            "  --seconds N      how long the warm count of elections lasts, after the cold first minute (default 300)",
            "  --kills N        leader kills per election timeout, for its failover time (default 5)",
            "  --clients N      closed-loop clients depositing through the front door (default 16)");

    private record Plan(List<Integer> electionMs, int seconds, int kills, int clients) {
    }

    /** A stretch of load, and the elections the live page saw during it. */
    private record Window(int seconds, long elections, Writes.Result writes) {
    }

    private record Row(int electionMs, String timing, Window cold, Window warm, List<Long> failovers) {
    }

    private Timeouts() {
    }

    public static void main(String[] args) throws Exception {
        Plan plan;
        try {
            CommandLine given = CommandLine.parse(Set.of("--election-ms", "--seconds", "--kills", "--clients"), Set.of(),
                    args);
            plan = new Plan(electionMs(given.text("--election-ms", "150,300,500,1000")), given.number("--seconds", 300, 1,
                    86_400), given.number("--kills", 5, 0, 100), given.number("--clients", 16, 1, 256));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        System.out.println(Measured.header());
        Path scratch = Files.createTempDirectory("timeouts-bench");
        System.out.printf("Election timeouts %s: %d clients through the front door with the live page polling, the"
                + " first %d s cold, then %d s warm; %d kills each; scratch data in %s%n", plan.electionMs(),
                plan.clients(), cold(plan), plan.seconds(), plan.kills(), scratch);
        List<Row> rows = new ArrayList<>();
        for (int electionMs : plan.electionMs()) {
            rows.add(measure(electionMs, plan, scratch.resolve("election-ms-" + electionMs)));
        }
        print(rows, plan);
    }

    private static Row measure(int electionMs, Plan plan, Path data) throws Exception {
        try (OurGroup group = OurGroup.start(data, electionMs); FrontDoor door = FrontDoor.start(group)) {
            System.out.printf("%n-- --election-ms %d: %s%n", electionMs, group.timing());
            List<String> clients = new ArrayList<>(IntStream.range(0, plan.clients()).mapToObj(c -> "w" + c).toList());
            clients.add("failover"); // the failover's own writes
            group.openAccounts(clients);
            Window cold;
            Window warm;
            try (LivePagePolling page = LivePagePolling.start(group)) {
                // The cold minute is also the warm-up: the JITs settle within 30 to 60 s of load.
                cold = window("cold", page, door, cold(plan), plan.clients(), group);
                warm = window("warm", page, door, plan.seconds(), plan.clients(), group);
            }
            return new Row(electionMs, group.timing(), cold, warm, Failover.measure(group, plan.kills()));
        }
    }

    private static Window window(String what, LivePagePolling page, FrontDoor door, int seconds, int clients,
                                 OurGroup group) throws Exception {
        long term = page.term();
        Writes.Result writes = Writes.run(door.url(), clients, seconds, group::write);
        long elections = page.term() - term;
        System.out.printf("  %s, %d s: %d elections, %,.0f deposits/s, p99 %.1f ms, %d failed%n", what, seconds,
                elections, writes.perSecond(), writes.p99Ms(), writes.failed());
        return new Window(seconds, elections, writes);
    }

    private static void print(List<Row> rows, Plan plan) {
        System.out.println();
        System.out.printf("| --election-ms | timing | failover median ms | failover max ms | elections, first %d s cold"
                + " | elections, next %d s warm | warm elections per minute | warm deposits/s | warm p99 ms"
                + " | failed writes, cold + warm |%n", cold(plan), plan.seconds());
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            List<Long> sorted = row.failovers().stream().sorted().toList();
            Window warm = row.warm();
            System.out.printf("| %d | %s | %s | %s | %d | %d | %.2f | %,.0f | %.1f | %d |%n", row.electionMs(), row.timing(),
                    sorted.isEmpty() ? "" : sorted.get(sorted.size() / 2), sorted.isEmpty() ? "" : sorted.get(sorted.size() - 1),
                    row.cold().elections(), warm.elections(), warm.elections() * 60.0 / warm.seconds(),
                    warm.writes().perSecond(), warm.writes().p99Ms(), row.cold().writes().failed() + warm.writes().failed());
        }
        System.out.println();
        System.out.println("Elections: rises of the highest term any replica reported to the live page's polling; none of"
                + " them was caused by a fault (the kills come after both counts).");
    }

    /** The cold stretch: the first minute, or all of --seconds if that is shorter (a short trial run). */
    private static int cold(Plan plan) {
        return Math.min(COLD_SECONDS, plan.seconds());
    }

    private static List<Integer> electionMs(String list) {
        List<Integer> values = new ArrayList<>();
        for (String value : list.split(",", -1)) {
            try {
                int ms = Integer.parseInt(value.trim());
                if (ms >= 30 && ms <= 60_000) {
                    values.add(ms);
                    continue;
                }
            } catch (NumberFormatException e) {
                // the message below says what was expected
            }
            throw new IllegalArgumentException("--election-ms takes milliseconds from 30 to 60000, separated by commas,"
                    + " such as 150,300,500,1000, not \"" + value + "\".");
        }
        return values;
    }
}
