package org.birthofds.bank.tiers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --pin-cores}: each node's JVM kept to one CPU of this machine ({@code taskset -c N}) and
 * told it has one ({@code -XX:ActiveProcessorCount=1}), so that a node is a one-core machine.
 * Chapter 2 showed that CPU-bound work does not finish sooner past the core count; unpinned, every
 * node here runs on every core, so a second node is no more a second machine than a second
 * worker was. Pinned, N nodes are N cores' worth of machines, up to the CPUs this box has; past
 * that, nodes take CPUs in turn and share them. Off unless asked for: the launcher and the
 * benchmarks run their children as any JVM runs.
 */
public final class CorePinning {
    private static final Logger log = LoggerFactory.getLogger(CorePinning.class);
    private static final Path STATUS = Path.of("/proc/self/status");

    private final String taskset; // its path; null pins nothing
    private final List<Integer> cpus;

    CorePinning(String taskset, List<Integer> cpus) {
        if (taskset != null && cpus.isEmpty()) {
            throw new IllegalArgumentException("pinning needs at least one CPU");
        }
        this.taskset = taskset;
        this.cpus = List.copyOf(cpus);
    }

    /** Every command as given: the nodes run on every core. */
    public static CorePinning off() {
        return new CorePinning(null, List.of());
    }

    /**
     * Pinning on this machine: taskset from the PATH, and the CPUs this process may run on. Without
     * taskset (util-linux, Linux only) it says so in one line and pins nothing, rather than refuse to start.
     */
    public static CorePinning onThisMachine() {
        CorePinning pinning = find(System.getenv("PATH"), allowedCpus(), Runtime.getRuntime().availableProcessors());
        if (!pinning.pins()) {
            log.warn("taskset not found on the PATH (util-linux): nothing is pinned, every node runs on every core");
        }
        return pinning;
    }

    /**
     * @param path        the PATH to look for taskset in
     * @param allowedList the kernel's Cpus_allowed_list, such as {@code 0-3,8}; null if unknown
     * @param processors  the CPUs the JVM counts: a CPU quota can allow fewer than the mask lists, so no more
     *                    than that many are handed out
     */
    static CorePinning find(String path, String allowedList, int processors) {
        String taskset = onPath(path, "taskset");
        if (taskset == null) {
            return off();
        }
        List<Integer> cpus = new ArrayList<>();
        try {
            cpus.addAll(allowedList == null ? List.of() : cpuList(allowedList));
        } catch (IllegalArgumentException e) {
            // a mask we cannot read: count from 0, as the JVM does
        }
        if (cpus.isEmpty()) {
            for (int cpu = 0; cpu < processors; cpu++) {
                cpus.add(cpu);
            }
        }
        return new CorePinning(taskset, cpus.subList(0, Math.min(cpus.size(), Math.max(1, processors))));
    }

    /** Whether commands are pinned: false when off, or when taskset was not found. */
    public boolean pins() {
        return taskset != null;
    }

    /** The CPUs nodes are pinned to, in the order they are handed out. */
    public List<Integer> cpus() {
        return cpus;
    }

    /** The CPU of the i-th node pinned (from 0): in turn, so that past the CPU count nodes share them. */
    public int cpu(int i) {
        if (!pins()) {
            throw new IllegalStateException("not pinning");
        }
        return cpus.get(i % cpus.size());
    }

    /**
     * The java command (from {@link TierProcess#command}) run on {@code cpu} alone: taskset sets the
     * CPU mask and execs java, so the process (its pid, its signals) is still the JVM's. The JVM
     * would find one CPU in its mask by itself on Linux, but the flag says it outright: its GC threads,
     * its common pool and Jetty's threads are sized for one core, as on a one-core machine.
     * Unchanged when not pinning.
     */
    public List<String> command(List<String> java, int cpu) {
        if (!pins()) {
            return java;
        }
        List<String> pinned = new ArrayList<>(List.of(taskset, "-c", Integer.toString(cpu), java.get(0),
                "-XX:ActiveProcessorCount=1"));
        pinned.addAll(java.subList(1, java.size()));
        return List.copyOf(pinned);
    }

    /** The kernel's CPU list syntax, {@code 0-3,8,10-11}: the CPUs in order, each once. */
    static List<Integer> cpuList(String list) {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : list.trim().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
            if (range.length > 2 || to < from) {
                throw new IllegalArgumentException("not a CPU list: '" + list + "'");
            }
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return new ArrayList<>(cpus);
    }

    /** This process's CPU mask as the kernel lists it, or null where there is no /proc (not Linux). */
    private static String allowedCpus() {
        try {
            return Files.readAllLines(STATUS).stream().filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String onPath(String path, String program) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }
}
