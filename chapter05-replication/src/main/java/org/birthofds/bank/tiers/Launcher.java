package org.birthofds.bank.tiers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.birthofds.bank.Bodies;
import org.birthofds.bank.Chapter;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Json;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.node.AdminToken;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.rebalance.AddShard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 5: the replicated bank on many machines. Every shard a group of three replicas, N logic
 * nodes, the load balancer in front of them and the website, each a JVM of its own, as if on a
 * machine of its own, started back to front so that each finds the ones behind it, and stopped
 * front to back. Each node is told the others' URLs and nothing else ({@link Cluster}), so each can
 * also be started alone, on another machine, with the same flags.
 *
 * <p>Typed at the launcher: {@code restart s1r2} stops a node cleanly and starts it again on the
 * same port; {@code kill s1r2} is SIGKILL, a machine that dies, and stays dead until {@code restart};
 * {@code pause s1r2} is SIGSTOP, a machine that freezes without knowing it, until {@code resume}.
 * Started with {@code --admin}, {@code isolate s1r2} cuts a replica off from its group (and
 * {@code heal} joins it again), and {@code add-shard} adds shard M+1, a new group, while the bank
 * serves ({@code rebalance.AddShard}), and {@code replace s1r3} replaces a replica gone for good by
 * a new machine, its data thrown away ({@link #replace}).
 */
public final class Launcher {
    static final String USAGE = String.join("\n",
            "Usage: Launcher [--logic N] [--shards M] [--host H] [--policy P] [--data DIR] [--admin] [--page PORT]",
            "                [--pin-cores]",
            "  --logic N       logic nodes behind the balancer (default " + Cluster.DEFAULT_LOGIC + ")",
            "  --shards M      shards, each a group of " + Cluster.REPLICAS + " replicas (default " + Cluster.DEFAULT_SHARDS + ")",
            "  --host H        the address every node binds and is reached at (default 127.0.0.1)",
            "  --policy P      the balancer's: round-robin or least-outstanding (default round-robin)",
            "  --data DIR      where replica s1r2 keeps its journal, in DIR/s1r2 (default ./" + Chapter.DEFAULT_DATA
                    + ", this chapter's own)",
            "  --admin         the replicas and logic nodes serve their admin and fault endpoints, so that",
            "                  'isolate', 'heal' and 'add-shard' work",
            "  --page PORT     serve the live cluster page on http://127.0.0.1:PORT (never another address), whose",
            "                  buttons kill, restart, pause, isolate and replace nodes, and which lists each step",
            "                  of a replace as it is done; it turns on --admin",
            "  --pin-cores     each node's JVM on one CPU (taskset -c N), CPUs in turn, as if each node were a",
            "                  one-core machine; past the CPU count nodes share them (default off: every core)",
            "Ports: website 8080, balancer (the public API) 7070, logic nodes 7081.., replica s1r1 7111, s1r2 7112, s2r1 7121...",
            "To run the nodes on machines of their own, start each alone: see the chapter's README.");
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Cluster cluster; // guarded by this: add-shard grows it
    private final Map<String, TierProcess> running = new LinkedHashMap<>();
    private final java.util.Set<String> paused = new java.util.HashSet<>(); // by this launcher, and not resumed since
    private final String format;
    private LivePage page; // null unless --page
    private volatile AdminToken adminToken; // null unless --admin; the page's threads read it without the lock
    private final StepLog changes;
    private final CorePinning pinning;
    private final Map<String, Integer> cpus = new LinkedHashMap<>(); // guarded by itself; a node keeps its CPU across restarts

    Launcher(Cluster cluster) {
        this(cluster, System.out::println);
    }

    Launcher(Cluster cluster, CorePinning pinning) {
        this(cluster, System.out::println, pinning);
    }

    /** {@code sayStep}: where each step of replace, add-replica and remove-replica is printed the moment it is done. */
    Launcher(Cluster cluster, Consumer<String> sayStep) {
        this(cluster, sayStep, CorePinning.off());
    }

    private Launcher(Cluster cluster, Consumer<String> sayStep, CorePinning pinning) {
        this.cluster = cluster;
        this.pinning = pinning;
        this.changes = new StepLog(sayStep);
        int width = cluster.names().stream().mapToInt(String::length).max().orElse(1);
        this.format = "[%-" + width + "s] ";
    }

    public static void main(String[] args) throws InterruptedException {
        Cluster cluster;
        int pagePort;
        boolean pin;
        try {
            CommandLine given = CommandLine.parse(Set.of("--logic", "--shards", "--host", "--policy", "--data", "--page"),
                    Set.of("--admin", "--pin-cores"), args);
            cluster = plan(given);
            pagePort = given.on("--page") ? given.number("--page", 7000, 0, 65535) : -1;
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
        if (pagePort >= 0) {
            try {
                launcher.servePage(pagePort);
            } catch (IOException | RuntimeException e) {
                log.error("Could not serve the live page on port {}: {}", pagePort, e.getMessage());
            }
        }
        System.out.println(Tips.forLauncher(launcher));
        launcher.obey();
    }

    static Cluster plan(CommandLine given) {
        // a replica without its journal could forget a vote
        Path data = Path.of(given.text("--data", Chapter.DEFAULT_DATA.toString()));
        return plan(new Cluster.Settings(given.text("--host", "127.0.0.1"),
                given.number("--logic", Cluster.DEFAULT_LOGIC, 1, 9), given.number("--shards", Cluster.DEFAULT_SHARDS, 1, 9),
                data, given.text("--policy", "round-robin"), given.on("--admin") || given.on("--page")), given.on("--shards"));
    }

    /**
     * What {@code asked} plans, or, on a data directory where the launcher has recorded the cluster's
     * shape ({@link RememberedPlan}, written at its founding and after every replace, add-replica,
     * remove-replica and add-shard), that shape: s1r4, not s1r3, after {@code replace s1r3}, started
     * from its own disk without --join. A --shards that is not the recorded number is refused.
     */
    static Cluster plan(Cluster.Settings asked, boolean shardsGiven) {
        RememberedPlan remembered;
        try {
            remembered = RememberedPlan.read(asked.dataDir());
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not read " + RememberedPlan.file(asked.dataDir()) + ": " + e.getMessage());
        }
        if (remembered == null) {
            return Cluster.plan(asked);
        }
        Cluster cluster = Cluster.plan(remembered.applyTo(asked, shardsGiven));
        log.info("The cluster as the launcher left it ({}): {}", RememberedPlan.file(asked.dataDir()), remembered.members());
        return cluster;
    }

    /** The live page, on 127.0.0.1 only; it needs the balancer's counters and the replicas' fault endpoints (--admin). */
    synchronized String servePage(int port) throws IOException {
        page = LivePage.start(this, port);
        return page.loginUrl();
    }

    /** The live page's address for its operator (with the admin token, which its buttons need), or null when it is off. */
    synchronized String pageUrl() {
        return page == null ? null : page.loginUrl();
    }

    synchronized Cluster cluster() {
        return cluster;
    }

    /**
     * Back to front. The replicas of a group start together: one started alone would stand for
     * election again and again, and win none, until a second one is up to vote for it. One group at
     * a time, though: more JVMs starting at once on two cores starve each other's heartbeats.
     */
    synchronized void startAll() throws IOException {
        Files.createDirectories(cluster.settings().dataDir());
        if (!Files.exists(cluster.secretFile())) {
            Proof.writeNewSecret(cluster.secretFile());
            log.info("Made the cluster's secret, which every replica and logic node proves it knows: {}", cluster.secretFile());
            // A new cluster: its replicas' disks are named before any starts, so that each group knows
            // its disks from its first moment (--disks), and refuses one thrown away and started again.
            for (Cluster.Node replica : cluster.ofKind(ReplicaMain.class)) {
                ReplicaMain.setUpDisk(cluster.settings().dataDir().resolve(replica.name()));
            }
            cluster = Cluster.plan(cluster.settings());
            remember(cluster);
        }
        if (cluster.settings().admin()) {
            adminToken = AdminToken.writeNew(cluster.adminTokenFile());
        }
        if (pinning.pins() && cluster.nodes().size() > pinning.cpus().size()) {
            log.info("Pinning {} nodes to {} CPUs {}: nodes share them, in turn", cluster.nodes().size(),
                    pinning.cpus().size(), pinning.cpus());
        }
        for (String shard : cluster.nodes().stream().map(Cluster.Node::shard).filter(s -> s != null).distinct().toList()) {
            startTogether(cluster.group(shard));
        }
        for (Cluster.Node node : cluster.nodes()) {
            if (node.shard() == null) {
                running.put(node.name(), start(node));
            }
        }
    }

    private void startTogether(List<Cluster.Node> group) throws IOException {
        Map<String, CompletableFuture<TierProcess>> starting = new LinkedHashMap<>();
        for (Cluster.Node node : group) {
            List<String> command = command(node); // here, so that --pin-cores hands out CPUs in the plan's order
            starting.put(node.name(), CompletableFuture.supplyAsync(() -> {
                try {
                    return start(node, command);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        for (Map.Entry<String, CompletableFuture<TierProcess>> replica : starting.entrySet()) {
            try {
                running.put(replica.getKey(), replica.getValue().join());
            } catch (CompletionException e) {
                starting.values().forEach(f -> f.thenAccept(this::killQuietly)); // the shutdown hook stops the rest
                throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
            }
        }
    }

    private void killQuietly(TierProcess process) {
        try {
            process.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops one node cleanly (or finds it dead) and starts it again on the same port, while the others keep running. */
    synchronized void restart(String name) throws IOException, InterruptedException {
        Cluster.Node node = cluster.node(name);
        running.remove(name).stop();
        paused.remove(name);
        running.put(name, start(node));
    }

    /** SIGKILL: the node dies as a machine does, with no goodbye; nothing starts it again but a restart. */
    synchronized void kill(String name) throws InterruptedException {
        cluster.node(name); // a clear message for a name that is not in the cluster
        running.get(name).kill();
    }

    /** SIGSTOP: the node freezes, and believes nothing happened when it is resumed. */
    synchronized void pause(String name) throws IOException, InterruptedException {
        cluster.node(name);
        running.get(name).pause();
        paused.add(name);
    }

    synchronized void resume(String name) throws IOException, InterruptedException {
        cluster.node(name);
        running.get(name).resume();
        paused.remove(name);
    }

    /** "up", "paused" or "down" (killed, or exited): what the launcher knows of a node without asking it. */
    synchronized String state(String name) {
        TierProcess process = running.get(name);
        return process == null || !process.alive() ? "down" : paused.contains(name) ? "paused" : "up";
    }

    /** A replica cut off from its group, or joined to it again ({@code group.Faults}; needs --admin). */
    synchronized void isolate(String name, boolean on) throws IOException {
        Cluster.Node node = cluster.node(name);
        if (node.shard() == null || !cluster.settings().admin()) {
            throw new IllegalArgumentException("Only a replica can be isolated, and only when the launcher runs with --admin.");
        }
        try (HttpRemote remote = new HttpRemote(name, URI.create(node.url()), 500, 2000, proof())) {
            Response answer = remote.call("POST", on ? "/faults/isolate" : "/faults/heal", null, null);
            if (!answer.ok()) {
                throw new IOException(name + " answered " + answer.status() + " " + answer.body());
            }
        } catch (Unreachable e) {
            throw new IOException(e.getMessage());
        }
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
        Map<String, TierProcess> group = new LinkedHashMap<>();
        for (Cluster.Node replica : grown.group(name)) {
            group.put(replica.name(), start(replica));
        }
        Map<String, TierProcess> reordered = new LinkedHashMap<>(); // back to front again, so stopAll stops it after the logic nodes
        for (String node : grown.names()) {
            reordered.put(node, group.containsKey(node) ? group.get(node) : running.get(node));
        }
        running.clear();
        running.putAll(reordered);
        List<URI> logic = cluster.ofKind(LogicMain.class).stream().map(n -> URI.create(n.url())).toList();
        AddShard.Report report;
        try (AddShard add = new AddShard(cluster.shardMap(), grown.shardMap(), logic, 4, proof())) {
            report = add.run();
        }
        cluster = grown;
        remember(grown);
        return report;
    }

    /**
     * A replica gone for good, replaced as chapter 5's lesson says a machine must be: it is killed
     * (SIGKILL) and its disk thrown away; a new machine, the next replica number of its shard on the
     * next port, starts with an empty disk as a learner (--join); the group's leader adds it,
     * promotes it once it has caught up, and removes the dead one; then every logic node is handed
     * the new shard map. Each step is recorded in {@link #changes()} the moment it is done, and is
     * one line of the answer.
     */
    synchronized List<String> replace(String dead) throws IOException, InterruptedException {
        requireAdmin("replace");
        Cluster replaced = cluster.withReplaced(dead);
        StepLog.Command steps = changes.begin("replace " + dead);
        TierProcess old = running.get(dead);
        if (old != null && old.alive()) {
            old.kill();
        }
        paused.remove(dead);
        steps.done("killed " + dead + " (SIGKILL)");
        Path disk = cluster.settings().dataDir().resolve(dead);
        deleteTree(disk);
        steps.done("threw away its disk, " + disk);
        Cluster.Node fresh = join(replaced, steps);
        MemberChanges.ask(groupOf(fresh), proof(), new MemberChanges.Change("remove", dead, null));
        steps.done(dead + " was removed from " + fresh.shard());
        cluster = replaced;
        remember(replaced);
        steps.done(tellLogicNodes(replaced));
        return steps.steps();
    }

    /** One more replica for {@code shard}: a new machine joins its group, is promoted, and every logic node is told. */
    synchronized List<String> addReplica(String shard) throws IOException, InterruptedException {
        requireAdmin("add-replica");
        Cluster grown = cluster.withAdded(shard);
        StepLog.Command steps = changes.begin("add-replica " + shard);
        join(grown, steps);
        cluster = grown;
        remember(grown);
        steps.done(tellLogicNodes(grown));
        return steps.steps();
    }

    /**
     * {@code replica} leaves its group: its leader removes it (a leader removing itself hands over
     * first), then it is stopped, its disk kept, and every logic node is told.
     */
    synchronized List<String> removeReplica(String replica) throws IOException, InterruptedException {
        requireAdmin("remove-replica");
        Cluster shrunk = cluster.withRemoved(replica);
        Cluster.Node leaving = cluster.node(replica);
        StepLog.Command steps = changes.begin("remove-replica " + replica);
        MemberChanges.ask(groupOf(leaving), proof(), new MemberChanges.Change("remove", replica, null));
        steps.done(replica + " was removed from " + leaving.shard());
        TierProcess process = running.remove(replica);
        if (process != null) {
            process.stop();
        }
        paused.remove(replica);
        steps.done("stopped " + replica + " (its disk kept, in " + cluster.settings().dataDir().resolve(replica) + ")");
        cluster = shrunk;
        remember(shrunk);
        steps.done(tellLogicNodes(shrunk));
        return steps.steps();
    }

    /** Starts the node {@code grown} has and this cluster has not, empty, as a learner; its group adds and promotes it. */
    private Cluster.Node join(Cluster grown, StepLog.Command steps) throws IOException, InterruptedException {
        Cluster.Node fresh = grown.nodes().stream().filter(n -> !cluster.names().contains(n.name())).findFirst()
                .orElseThrow();
        List<String> flags = new ArrayList<>(fresh.flags());
        flags.add("--join");
        TierProcess started = start(new Cluster.Node(fresh.name(), fresh.main(), flags, fresh.url(), fresh.shard()));
        Map<String, TierProcess> reordered = new LinkedHashMap<>(); // in the plan's order: stopAll stops it with its group
        for (String node : grown.names()) {
            reordered.put(node, node.equals(fresh.name()) ? started : running.get(node));
        }
        running.clear();
        running.putAll(reordered);
        steps.done("started " + fresh.name() + " at " + fresh.url() + " with an empty disk, a learner (--join)");
        List<URI> group = groupOf(fresh);
        MemberChanges.ask(group, proof(), new MemberChanges.Change("add-learner", fresh.name(), fresh.url()));
        steps.done("the leader of " + fresh.shard() + " added " + fresh.name() + " as a learner");
        MemberChanges.ask(group, proof(), new MemberChanges.Change("promote", fresh.name(), null));
        steps.done(fresh.name() + " caught up and was promoted: a voter");
        return fresh;
    }

    /** Every replica of {@code node}'s group as the launcher knows it, and the node: whichever of them leads. */
    private List<URI> groupOf(Cluster.Node node) {
        return java.util.stream.Stream.concat(cluster.group(node.shard()).stream(), java.util.stream.Stream.of(node))
                .map(n -> URI.create(n.url())).distinct().toList();
    }

    private void requireAdmin(String command) {
        if (!cluster.settings().admin()) {
            throw new IllegalStateException(command + " needs the replicas' admin endpoints: start the launcher with --admin.");
        }
    }

    /** The cluster's shape, kept in its data directory: a launcher started again there plans {@code plan}, not the founding one. */
    private static void remember(Cluster plan) throws IOException {
        RememberedPlan.of(plan.settings()).write(plan.settings().dataDir());
    }

    /** Every logic node routes by the new shard map from now on; a restart reads it from its flags. */
    private String tellLogicNodes(Cluster plan) throws IOException {
        String map = Bodies.write(new Bodies.ShardList(plan.shardMap().inline()));
        List<String> missed = new ArrayList<>();
        for (Cluster.Node node : plan.ofKind(LogicMain.class)) {
            try (HttpRemote remote = new HttpRemote(node.name(), URI.create(node.url()), 1000, 5000, proof())) {
                if (!remote.call("POST", "/admin/shard-map", map, "shard-map-" + System.nanoTime()).ok()) {
                    missed.add(node.name());
                }
            } catch (Unreachable e) {
                missed.add(node.name());
            }
        }
        return missed.isEmpty() ? "every logic node was handed the new shard map"
                : "logic nodes not told the new shard map (they find the new leader by its not_leader answers): " + missed;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * The launcher's own calls into the cluster (faults, moving accounts, the balancer's counters)
     * carry the cluster's proof, and the operator's token.
     */
    synchronized Proof proof() throws IOException {
        Proof proof = Proof.fromFile(cluster.secretFile(), "launcher");
        return adminToken == null ? proof : proof.withAdminToken(adminToken.value());
    }

    /**
     * Null unless the admin and fault endpoints are on (--admin or --page). Not behind the lock: the
     * page checks its operator's cookie with it, and must answer while a replace holds the lock.
     */
    AdminToken adminToken() {
        return adminToken;
    }

    /** Each step of replace, add-replica and remove-replica; not behind the lock, for the same reason. */
    StepLog changes() {
        return changes;
    }

    synchronized void stopAll() {
        if (page != null) {
            page.close();
            page = null;
        }
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

    /** The replica of {@code shard} that says it leads, or its first replica if none answers so yet. */
    synchronized String leaderOf(String shard) {
        List<Cluster.Node> group = cluster.group(shard);
        for (int tries = 0; tries < 50; tries++) {
            for (Cluster.Node replica : group) {
                try (HttpRemote remote = new HttpRemote(replica.name(), URI.create(replica.url()), 200, 500)) {
                    Response status = remote.call("GET", "/status", null, null);
                    if (status.ok() && "LEADER".equals(Json.field(status.body(), "role"))) {
                        return replica.name();
                    }
                } catch (Unreachable e) {
                    // dead or paused: ask the next
                }
            }
            try {
                Thread.sleep(100); // an election takes 150-300 ms; the launcher asks for up to 5 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return group.get(0).name();
    }

    synchronized String url(String name) {
        return running.get(name).url();
    }

    synchronized long pid(String name) {
        return running.get(name).pid();
    }

    private TierProcess start(Cluster.Node node) throws IOException {
        return start(node, command(node));
    }

    private TierProcess start(Cluster.Node node, List<String> command) throws IOException {
        String prefix = String.format(format, node.name());
        return TierProcess.start(command, line -> System.out.println(prefix + line));
    }

    /** The node's java command; with --pin-cores, on the next CPU in turn the first time, and on the same one after. */
    List<String> command(Cluster.Node node) {
        List<String> java = TierProcess.command(node.main(), node.flags());
        if (!pinning.pins()) {
            return java;
        }
        int cpu;
        synchronized (cpus) { // not this: a group's replicas start on threads of their own while startAll holds it
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
                } else if (words.length == 2 && List.of("pause", "resume", "isolate", "heal").contains(words[0])) {
                    signalAndSay(words[0], words[1]);
                } else if (words.length == 1 && words[0].equals("add-shard")) {
                    addShardAndSay();
                } else if (words.length == 2 && List.of("replace", "add-replica", "remove-replica").contains(words[0])) {
                    changeMembers(words[0], words[1]);
                } else if (!line.isBlank()) {
                    System.out.println("Type 'restart NODE', 'kill NODE', 'pause NODE', 'resume NODE', 'isolate NODE',"
                            + " 'heal NODE' (NODE is one of " + String.join(", ", cluster().names()) + "), 'replace REPLICA',"
                            + " 'add-replica SHARD', 'remove-replica REPLICA', 'add-shard', or Ctrl-C to stop all.");
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

    /**
     * replace, add-replica or remove-replica, typed here or pressed on the live page: its steps are
     * printed and listed on the page as each is done ({@link StepLog}), and so is its end, or why it
     * stopped short.
     */
    void changeMembers(String command, String name) throws InterruptedException {
        long started = System.nanoTime();
        try {
            switch (command) {
                case "replace" -> replace(name);
                case "add-replica" -> addReplica(name);
                default -> removeReplica(name);
            }
            changes.done(command + " " + name, "done in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            changes.done(command + " " + name, "failed: " + e.getMessage());
        }
    }

    private void addShardAndSay() throws InterruptedException {
        try {
            System.out.println(addShard().summary());
        } catch (IllegalStateException | IllegalArgumentException | IOException e) {
            System.out.println("add-shard: " + e.getMessage());
        }
    }

    private void signalAndSay(String what, String name) throws InterruptedException {
        try {
            switch (what) {
                case "pause" -> pause(name);
                case "resume" -> resume(name);
                case "isolate" -> isolate(name, true);
                default -> isolate(name, false);
            }
            System.out.println(switch (what) {
                case "pause" -> "Paused " + name + " (SIGSTOP): it answers nothing, and will not know it; 'resume " + name
                        + "' wakes it";
                case "resume" -> "Resumed " + name + " (SIGCONT)";
                case "isolate" -> "Isolated " + name + " from its group: no Raft message reaches it or leaves it; 'heal "
                        + name + "' ends it";
                default -> "Healed " + name + ": it hears its group again";
            });
        } catch (IllegalArgumentException | IOException e) {
            System.out.println(e.getMessage());
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
