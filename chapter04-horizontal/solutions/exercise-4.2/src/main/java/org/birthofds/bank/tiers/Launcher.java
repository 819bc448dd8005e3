package org.birthofds.bank.tiers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.birthofds.bank.Chapter;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.rebalance.AddShard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 4: the bank on many machines. The data shards, N logic nodes, the load balancer in
 * front of them and the website, each a JVM of its own, as if on a machine of its own, started
 * back to front so that each finds the ones behind it, and stopped front to back. Each node is
 * told the others' URLs and nothing else ({@link Cluster}), so each can also be started alone,
 * on another machine, with the same flags.
 *
 * <p>Typed at the launcher: {@code restart logic-2} stops a node cleanly and starts it again on
 * the same port; {@code kill logic-2} is SIGKILL, a machine that dies, and stays dead until
 * {@code restart logic-2}. Started with {@code --admin}, {@code add-shard} adds shard M+1 while the
 * bank serves ({@code rebalance.AddShard}), and from then on every restart uses the new shard map.
 */
public final class Launcher {
    static final String USAGE = String.join("\n",
            "Usage: Launcher [--logic N] [--shards M] [--host H] [--policy P] [--data DIR | --memory-only] [--admin]",
            "                [--pin-cores]",
            "  --logic N       logic nodes behind the balancer (default " + Cluster.DEFAULT_LOGIC + ")",
            "  --shards M      data shards (default " + Cluster.DEFAULT_SHARDS + ")",
            "  --host H        the address every node binds and is reached at (default 127.0.0.1)",
            "  --policy P      the balancer's: round-robin, least-outstanding or two-choices (default round-robin)",
            "  --data DIR      where shard i keeps its journal, in DIR/shard-i (default ./" + Chapter.DEFAULT_DATA
                    + ", this chapter's own)",
            "  --memory-only   the shards keep balances in memory only",
            "  --admin         the shards and logic nodes serve their admin endpoints, so that 'add-shard' works",
            "  --pin-cores     each node's JVM on one CPU (taskset -c N), CPUs in turn, as if each node were a",
            "                  one-core machine; past the CPU count nodes share them (default off: every core)",
            "Ports: website 8080, balancer (the public API) 7070, logic nodes 7081.., shards 7091...",
            "To run the nodes on machines of their own, start each alone: see the chapter's README.");
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Cluster cluster; // guarded by this: add-shard grows it
    private final Map<String, TierProcess> running = new LinkedHashMap<>();
    private final CorePinning pinning;
    private final Map<String, Integer> cpus = new LinkedHashMap<>(); // guarded by itself; a node keeps its CPU across restarts
    private final String format;

    Launcher(Cluster cluster) {
        this(cluster, CorePinning.off());
    }

    Launcher(Cluster cluster, CorePinning pinning) {
        this.cluster = cluster;
        this.pinning = pinning;
        int width = cluster.names().stream().mapToInt(String::length).max().orElse(1);
        this.format = "[%-" + width + "s] ";
    }

    public static void main(String[] args) throws InterruptedException {
        Cluster cluster;
        boolean pin;
        try {
            CommandLine given = CommandLine.parse(Set.of("--logic", "--shards", "--host", "--policy", "--data"),
                    Set.of("--memory-only", "--admin", "--pin-cores"), args);
            cluster = plan(given);
            pin = given.on("--pin-cores");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Launcher launcher = new Launcher(cluster, pin ? CorePinning.onThisMachine() : CorePinning.off());
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stopAll));
        try {
            launcher.startAll();
        } catch (IOException e) {
            log.error("Could not start: {}", e.getMessage().lines().findFirst().orElse("")); // its output is above
            System.exit(1); // the shutdown hook stops the nodes that did start
        }
        System.out.println(Tips.forLauncher(launcher));
        launcher.obey();
    }

    static Cluster plan(CommandLine given) {
        Path data = given.on("--memory-only") ? null : Path.of(given.text("--data", Chapter.DEFAULT_DATA.toString()));
        return Cluster.plan(new Cluster.Settings(given.text("--host", "127.0.0.1"),
                given.number("--logic", Cluster.DEFAULT_LOGIC, 1, 9), given.number("--shards", Cluster.DEFAULT_SHARDS, 1, 9),
                data, given.text("--policy", "round-robin"), given.on("--admin")));
    }

    synchronized Cluster cluster() {
        return cluster;
    }

    synchronized void startAll() throws IOException {
        if (pinning.pins() && cluster.nodes().size() > pinning.cpus().size()) {
            log.info("Pinning {} nodes to {} CPUs {}: nodes share them, in turn", cluster.nodes().size(),
                    pinning.cpus().size(), pinning.cpus());
        }
        for (Cluster.Node node : cluster.nodes()) {
            running.put(node.name(), start(node));
        }
    }

    /** Stops one node cleanly (or finds it dead) and starts it again on the same port, while the others keep running. */
    synchronized void restart(String name) throws IOException, InterruptedException {
        Cluster.Node node = cluster.node(name);
        running.remove(name).stop();
        running.put(name, start(node));
    }

    /** SIGKILL: the node dies as a machine does, with no goodbye; nothing starts it again but a restart. */
    synchronized void kill(String name) throws InterruptedException {
        cluster.node(name); // a clear message for a name that is not in the cluster
        running.get(name).kill();
    }

    /**
     * Starts shard M+1 with the new shard map, moves to it the accounts whose ring position moves, and hands
     * every logic node the new map ({@link AddShard}). Writes to the moving accounts get 503 meanwhile.
     */
    synchronized AddShard.Report addShard() throws IOException, InterruptedException {
        if (!cluster.settings().admin()) {
            throw new IllegalStateException("add-shard needs the shards' and logic nodes' admin endpoints: start the"
                    + " launcher with --admin.");
        }
        Cluster grown = cluster.withOneMoreShard();
        String name = "shard-" + grown.settings().shards();
        TierProcess shard = start(grown.node(name));
        Map<String, TierProcess> reordered = new LinkedHashMap<>(); // back to front again, so stopAll stops it after the logic nodes
        for (String node : grown.names()) {
            reordered.put(node, node.equals(name) ? shard : running.get(node));
        }
        running.clear();
        running.putAll(reordered);
        List<URI> logic = cluster.ofKind(LogicMain.class).stream().map(n -> URI.create(n.url())).toList();
        AddShard.Report report;
        try (AddShard add = new AddShard(cluster.shardMap(), grown.shardMap(), logic, 4)) {
            report = add.run();
        }
        cluster = grown;
        return report;
    }

    synchronized void stopAll() {
        List<String> frontToBack = new ArrayList<>(running.keySet());
        Collections.reverse(frontToBack);
        for (String name : frontToBack) {
            try {
                running.remove(name).stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized String url(String name) {
        return running.get(name).url();
    }

    synchronized long pid(String name) {
        return running.get(name).pid();
    }

    private TierProcess start(Cluster.Node node) throws IOException {
        String prefix = String.format(format, node.name());
        return TierProcess.start(command(node), line -> System.out.println(prefix + line));
    }

    /** The node's java command; with --pin-cores, on the next CPU in turn the first time, and on the same one after. */
    List<String> command(Cluster.Node node) {
        List<String> java = TierProcess.command(node.main(), node.flags());
        if (!pinning.pins()) {
            return java;
        }
        int cpu;
        synchronized (cpus) { // a lock of its own: only the CPUs handed out need guarding here
            cpu = cpus.computeIfAbsent(node.name(), name -> pinning.cpu(cpus.size()));
        }
        log.info("{} on CPU {}", node.name(), cpu);
        return pinning.command(java, cpu);
    }

    /** Reads "restart logic-2", "kill logic-2" and the like from the terminal, until it closes. */
    private void obey() throws InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 2 && words[0].equals("restart")) {
                    restartAndSay(words[1]);
                } else if (words.length == 2 && words[0].equals("kill")) {
                    killAndSay(words[1]);
                } else if (words.length == 1 && words[0].equals("add-shard")) {
                    addShardAndSay();
                } else if (!line.isBlank()) {
                    System.out.println("Type 'restart NODE', 'kill NODE' (NODE is one of "
                            + String.join(", ", cluster().names()) + "), 'add-shard', or Ctrl-C to stop all.");
                }
            }
        } catch (IOException e) {
            log.warn("Reading the terminal: {}", e.getMessage());
        }
        new CountDownLatch(1).await(); // no terminal (stdin closed): keep serving until Ctrl-C
    }

    private void restartAndSay(String name) throws InterruptedException {
        try {
            long started = System.nanoTime();
            restart(name);
            System.out.printf("Restarted %s in %d ms (pid %d)%n", name, (System.nanoTime() - started) / 1_000_000, pid(name));
        } catch (IllegalArgumentException | IOException e) {
            System.out.println(e.getMessage());
        }
    }

    private void addShardAndSay() throws InterruptedException {
        try {
            System.out.println(addShard().summary());
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            System.out.println("add-shard: " + e.getMessage());
        }
    }

    private void killAndSay(String name) throws InterruptedException {
        try {
            long pid = pid(cluster().node(name).name());
            kill(name);
            System.out.printf("Killed %s (pid %d, SIGKILL); 'restart %s' brings it back%n", name, pid, name);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
    }
}
