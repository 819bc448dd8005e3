package org.birthofds.bank.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.birthofds.bank.Main;
import org.birthofds.bank.balancer.BalancerMain;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.tiers.CorePinning;
import org.birthofds.bank.tiers.TierProcess;

/**
 * Throughput against the number of logic nodes, all in one run: 1, 2 and 4 logic nodes behind
 * the balancer, each with W workers and requests that wait S ms on a worker (--work-ms, like a
 * call to another service), so one node serves at most W/S requests a second. The goal is
 * scaling efficiency X(N) / (N·X(1)) of at least 0.9: the work is waiting, so N nodes should do
 * N times as much, until something shared (the balancer, the data tier, this machine's cores)
 * becomes the line. Every node is a JVM of its own, as on a machine of its own.
 *
 * <p>The default wait, 200 ms, keeps the CPU these JVMs need below what two cores give, so the
 * table shows the nodes, not the machine. {@code --work-ms 50} asks four nodes for 320 req/s of
 * transfers through three HTTP hops, more than two shared cores serve: that run shows where
 * the machine, not the design, becomes the line.
 *
 * <p>Waiting work is what chapter 2 showed a bigger machine handles too. {@code --cpu-ms C} runs
 * chapter 2's ceiling instead: each request computes for C ms of CPU on a logic node. Unpinned,
 * every node runs on every core, so one node already has the whole machine and more nodes add
 * nothing. Pinned ({@link CorePinning}: {@code taskset -c N}, one CPU per node, in turn), each
 * node is a one-core machine, and N nodes are N cores' worth, up to the cores this box has. Both
 * are measured, with the CPU each process used: the balancer, the data tier and the load
 * generator are not pinned, and take their CPU from the same cores.
 *
 * <pre>mvn -q -pl chapter04-horizontal compile exec:java@scale [-Dexec.args="--seconds 10 --work-ms 200"]
 * mvn -q -pl chapter04-horizontal compile exec:java@scale -Dexec.args="--cpu-ms 20"</pre>
 */
public final class Scale {
    private static final int[] NODES = {1, 2, 4};
    private static final int WORKERS = 4;
    private static final int DEFAULT_WORK_MS = 200;
    /** Other programs may use this much of the machine during a CPU-bound row before it is measured again, in cores. */
    private static final double OTHERS_AT_MOST = 0.10;
    private static final String USAGE = "Usage: Scale [--seconds N] [--work-ms MS | --cpu-ms MS [--tries N]] [--policy P]\n"
            + "  --seconds N   measured seconds per run (default 10)\n"
            + "  --work-ms MS  waiting per request on a logic node (default 200)\n"
            + "  --cpu-ms MS   CPU work per request instead, measured with the nodes unpinned, then pinned one CPU each\n"
            + "  --tries N     with --cpu-ms: measure a row again, up to N times in all, while other programs use more\n"
            + "                than " + OTHERS_AT_MOST + " of a core of this machine during it (default 3)\n"
            + "  --policy P    the balancer's (default round-robin; least-outstanding with --cpu-ms)";

    private Scale() {
    }

    record Row(int nodes, int clients, LoadResult result) {
    }

    /**
     * One CPU-bound run.
     *
     * @param cpus      where the nodes may run: "any", or each node's CPU in turn
     * @param bound     requests a second the nodes' cores could compute, with nothing else on them
     * @param tries     how many times the row was measured: again while other programs took the machine
     * @param nodeCores CPU the logic nodes used during the run, in cores (1.0 = one core all the time)
     * @param machine   CPU the whole machine used meanwhile, ours and other programs', in cores
     */
    record CpuRow(int nodes, String cpus, int clients, LoadResult result, double bound, int tries, double nodeCores,
                  double balancerCores, double dataCores, double generatorCores, double machine) {
        double ours() {
            return nodeCores + balancerCores + dataCores + generatorCores;
        }

        double others() {
            return machine - ours();
        }
    }

    /** What every CPU-bound row shares. */
    private record CpuPlan(int seconds, int cpuMs, String policy, int tries, List<Integer> machine) {
    }

    public static void main(String[] args) throws Exception {
        CommandLine given;
        try {
            given = CommandLine.parse(Set.of("--seconds", "--work-ms", "--cpu-ms", "--tries", "--policy"), Set.of(), args);
            if (given.on("--work-ms") && given.on("--cpu-ms")) {
                throw new IllegalArgumentException("Give --work-ms or --cpu-ms, not both.");
            }
            if (given.on("--tries") && !given.on("--cpu-ms")) {
                throw new IllegalArgumentException("--tries goes with --cpu-ms.");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        int seconds = given.number("--seconds", 10, given.on("--cpu-ms") ? 2 : 1, 3600); // CPU is read between two ticks
        if (given.on("--cpu-ms")) {
            // Least outstanding by default: past the core count, pinned nodes share a CPU and each runs at half
            // speed; round robin would still send each its full share, and the row would show the policy.
            cpuBound(seconds, given.number("--cpu-ms", 20, 1, 10_000), given.text("--policy", "least-outstanding"),
                    given.number("--tries", 3, 1, 20));
        } else {
            waiting(seconds, given.number("--work-ms", DEFAULT_WORK_MS, 1, 60_000), given.text("--policy", "round-robin"));
        }
    }

    private static void waiting(int seconds, int workMs, String policy) throws Exception {
        System.out.printf("Chapter 4, throughput against logic nodes: --workers %d --work-ms %d per node (at most %d req/s"
                + " each), %d s per run, %d cores%n", WORKERS, workMs, WORKERS * 1000 / workMs, seconds,
                Runtime.getRuntime().availableProcessors());
        System.out.println(stamp());
        TierProcess data = TierProcess.start(Main.class, List.of("--port", "0", "--memory-only", "--workers", "64"), line -> { });
        List<Row> rows = new ArrayList<>();
        try {
            for (int n : NODES) {
                rows.add(run(data.url(), n, seconds, workMs, policy));
            }
        } finally {
            data.stop();
        }
        print(rows, workMs);
    }

    /** N fresh logic nodes and a balancer, closed-loop clients enough to keep every worker busy twice over. */
    private static Row run(String dataUrl, int n, int seconds, int workMs, String policy) throws Exception {
        List<TierProcess> logic = new ArrayList<>();
        TierProcess balancer = null;
        try {
            List<String> pairs = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                TierProcess node = TierProcess.start(LogicMain.class, List.of("--port", "0", "--data-url", dataUrl,
                        "--node", "logic-" + i, "--workers", "" + WORKERS, "--work-ms", "" + workMs), line -> { });
                logic.add(node);
                pairs.add("logic-" + i + "=" + node.url());
            }
            balancer = TierProcess.start(BalancerMain.class, List.of("--port", "0", "--policy", policy,
                    "--nodes", String.join(",", pairs)), line -> { });
            int clients = 2 * n * WORKERS;
            System.out.printf("-- %d logic node(s), %d clients%n", n, clients);
            LoadResult result = LoadGenerator.run(new LoadOptions(balancer.url(), clients, 0, seconds, 0, 42, 100, 0, 2, 0),
                    new PrintStream(OutputStream.nullOutputStream()));
            return new Row(n, clients, result);
        } finally {
            if (balancer != null) {
                balancer.stop();
            }
            for (TierProcess node : logic) {
                node.stop();
            }
        }
    }

    private static void print(List<Row> rows, int workMs) {
        double one = rows.get(0).result().requestsPerSecond();
        System.out.printf("%n%5s  %7s  %8s  %8s  %10s  %7s  %7s  %6s%n", "nodes", "clients", "req/s", "ideal", "efficiency",
                "p50 ms", "p99 ms", "errors");
        for (Row row : rows) {
            LoadResult r = row.result();
            double ideal = row.nodes() * one;
            System.out.printf(Locale.ROOT, "%5d  %7d  %8.0f  %8.0f  %10.2f  %7.1f  %7.1f  %6d%n", row.nodes(), row.clients(),
                    r.requestsPerSecond(), ideal, r.requestsPerSecond() / ideal, r.p50Ms(), r.p99Ms(), r.errors());
        }
        System.out.printf(Locale.ROOT, "%nefficiency = X(N) / (N * X(1)); the goal is 0.9 or more. The bound per node is"
                + " W/S = %d req/s.%n", WORKERS * 1000 / workMs);
    }

    /** Chapter 2's ceiling across nodes: unpinned rows, then the same nodes pinned one CPU each. */
    private static void cpuBound(int seconds, int cpuMs, String policy, int tries) throws Exception {
        CorePinning pinning = CorePinning.onThisMachine();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("Chapter 4, CPU-bound work against logic nodes: --workers %d --cpu-ms %d per node (at most %d req/s"
                + " per core), %d s per run, %s%n", WORKERS, cpuMs, 1000 / cpuMs, seconds, policy);
        System.out.println(stamp());
        List<Integer> machine = pinning.pins() ? pinning.cpus() : IntStream.range(0, cores).boxed().toList();
        CpuPlan plan = new CpuPlan(seconds, cpuMs, policy, tries, machine);
        TierProcess data = TierProcess.start(Main.class, List.of("--port", "0", "--memory-only", "--workers", "64"), line -> { });
        List<CpuRow> rows = new ArrayList<>();
        try {
            for (int n : cpuNodeCounts(machine.size())) {
                rows.add(cpuRun(data, n, CorePinning.off(), plan));
            }
            if (pinning.pins()) {
                for (int n : cpuNodeCounts(machine.size())) {
                    rows.add(cpuRun(data, n, pinning, plan));
                }
            }
        } finally {
            data.stop();
        }
        printCpu(rows, pinning.pins());
    }

    /** 1, 2, 4... up to the CPUs, then one node more than the CPUs: the first that must share. */
    static List<Integer> cpuNodeCounts(int cpus) {
        List<Integer> counts = new ArrayList<>();
        for (int n = 1; n < cpus; n *= 2) {
            counts.add(n);
        }
        counts.add(cpus);
        counts.add(cpus + 1);
        return counts.stream().distinct().toList();
    }

    /**
     * N fresh logic nodes, pinned or not; a warm-up, then a measured run and the CPU every process used over it,
     * measured again (up to the plan's tries) while other programs took more than {@link #OTHERS_AT_MOST} of it.
     */
    private static CpuRow cpuRun(TierProcess data, int n, CorePinning pinning, CpuPlan plan) throws Exception {
        int cpuMs = plan.cpuMs();
        List<TierProcess> logic = new ArrayList<>();
        TierProcess balancer = null;
        try {
            List<String> pairs = new ArrayList<>();
            List<Integer> cpus = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<String> command = TierProcess.command(LogicMain.class, List.of("--port", "0", "--data-url", data.url(),
                        "--node", "logic-" + (i + 1), "--workers", "" + WORKERS, "--cpu-ms", "" + cpuMs));
                if (pinning.pins()) {
                    cpus.add(pinning.cpu(i));
                    command = pinning.command(command, pinning.cpu(i));
                }
                TierProcess node = TierProcess.start(command, line -> { });
                logic.add(node);
                pairs.add("logic-" + (i + 1) + "=" + node.url());
            }
            balancer = TierProcess.start(BalancerMain.class, List.of("--port", "0", "--policy", plan.policy(),
                    "--nodes", String.join(",", pairs)), line -> { });
            int clients = 2 * n * WORKERS;
            String where = pinning.pins() ? cpus.stream().map(String::valueOf).collect(Collectors.joining(",")) : "any";
            System.out.printf("-- %d logic node(s) on CPUs %s, %d clients%n", n, where, clients);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            LoadGenerator.run(new LoadOptions(balancer.url(), clients, 0, 3, 0, 7, 100, 0, 0, 0), quiet); // JIT, pools
            double bound = (pinning.pins() ? cpus.stream().distinct().count() : plan.machine().size()) * 1000.0 / cpuMs;
            TierProcess front = balancer;
            CpuRow row = null;
            for (int attempt = 1; attempt <= plan.tries(); attempt++) {
                CpuWindow window = new CpuWindow(() -> new CpuWindow.Sample(System.nanoTime(), List.of(total(logic),
                        front.cpuTime(), data.cpuTime(), ownCpu()), MachineCpu.now(plan.machine())));
                LoadResult result = LoadGenerator.run(new LoadOptions(front.url(), clients, 0, plan.seconds(), 0, 42, 100, 0, 0, 0),
                        new PrintStream(window, true, StandardCharsets.UTF_8));
                List<Double> cores = window.cores();
                row = new CpuRow(n, where, clients, result, bound, attempt, cores.get(0), cores.get(1), cores.get(2),
                        cores.get(3), window.machine(plan.machine().size()));
                if (!(row.others() > OTHERS_AT_MOST) || attempt == plan.tries()) {
                    break;
                }
                System.out.printf(Locale.ROOT, "   other programs used %.2f cores of the machine meanwhile: again%n", row.others());
            }
            return row;
        } finally {
            if (balancer != null) {
                balancer.stop();
            }
            for (TierProcess node : logic) {
                node.stop();
            }
        }
    }

    private static Duration total(List<TierProcess> processes) {
        return processes.stream().map(TierProcess::cpuTime).reduce(Duration.ZERO, Duration::plus);
    }

    /** This JVM's CPU: the load generator's, with its JIT and GC. */
    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static void printCpu(List<CpuRow> rows, boolean pinned) {
        System.out.printf("%n%5s  %-6s  %7s  %6s  %6s  %8s  %8s  %7s  %7s  %6s  %5s  %25s%n", "", "", "", "", "", "", "", "", "",
                "", "", "CPU used, in cores");
        System.out.printf("%5s  %-6s  %7s  %6s  %6s  %8s  %8s  %7s  %7s  %6s  %5s  %5s  %8s  %5s  %9s  %5s  %7s%n", "nodes",
                "CPUs", "clients", "req/s", "bound", "of bound", "speed-up", "p50 ms", "p99 ms", "errors", "tries", "nodes",
                "balancer", "data", "generator", "ours", "machine");
        double one = Double.NaN;
        for (CpuRow row : rows) {
            LoadResult r = row.result();
            if (row.nodes() == 1) {
                one = r.requestsPerSecond(); // each group's own first row: unpinned against unpinned, pinned against pinned
            }
            System.out.printf(Locale.ROOT, "%5d  %-6s  %7d  %6.0f  %6.0f  %8.2f  %7.2fx  %7.1f  %7.1f  %6d  %5d  %5.2f  %8.2f"
                            + "  %5.2f  %9.2f  %5.2f  %7.2f%n", row.nodes(), row.cpus(), row.clients(), r.requestsPerSecond(),
                    row.bound(), r.requestsPerSecond() / row.bound(), r.requestsPerSecond() / one, r.p50Ms(), r.p99Ms(),
                    r.errors(), row.tries(), row.nodeCores(), row.balancerCores(), row.dataCores(), row.generatorCores(),
                    row.ours(), row.machine());
        }
        System.out.printf("%nbound = the CPUs the nodes may use * 1000 / --cpu-ms, as if nothing else needed them;"
                + " speed-up = X(N) / X(1) of the same kind.%nCPU over the measured seconds; ours = the four before it;"
                + " machine = the CPUs' busy time, whoever used it: machine - ours is other programs'.%n");
        if (!pinned) {
            System.out.println("The pinned rows are left out: taskset was not found (util-linux).");
        }
    }

    /** When, on what code and what machine, as every benchmark says it, and how busy the machine was before. */
    static String stamp() {
        return String.format(Locale.ROOT, "%s, load average %.2f before the runs", Measured.header(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
