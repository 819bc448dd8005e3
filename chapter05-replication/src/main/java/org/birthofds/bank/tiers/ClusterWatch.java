package org.birthofds.bank.tiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.balancer.BalancerMain;
import org.birthofds.bank.group.ReplicaMain;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;

/**
 * What the live page shows, gathered every half second the way an operator would: each replica's
 * {@code GET /status}, the balancer's counters, and what the launcher knows (which nodes it killed
 * or paused). From two looks in a row it works out rates, and it notices elections: a replica
 * leading a later term than the shard's last leader did. The steps of a replace are read from the
 * launcher's {@link StepLog} each time the page asks, not at a look: a look waits for the
 * launcher's lock, which a replace holds until its last step.
 */
final class ClusterWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterWatch.class);
    private static final long EVERY_MS = 500;

    /** One node as the page draws it; null fields are not known (a dead or paused node answers nothing). */
    record NodeState(String name, String kind, String shard, String state, String role, Long term, Long commitIndex,
                     Boolean isolated, Double perSecond) {
    }

    /** {@code steps}: the launcher's membership changes, oldest first. */
    record State(String at, List<NodeState> nodes, List<String> elections, List<StepLog.Step> steps) {
    }

    private record Look(String at, List<NodeState> nodes, List<String> elections) {
    }

    private final Launcher launcher;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-watch");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Double> lastCount = new HashMap<>();
    private final Map<String, Long> lastTerm = new HashMap<>(); // by shard
    private final Map<String, String> lastLeader = new HashMap<>(); // by shard
    private final Deque<String> elections = new ArrayDeque<>();
    private long lastLook;
    private volatile Look last = new Look("", List.of(), List.of());

    ClusterWatch(Launcher launcher) {
        this.launcher = launcher;
        timer.scheduleWithFixedDelay(this::look, 0, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    State state() {
        Look look = last;
        return new State(look.at(), look.nodes(), look.elections(), launcher.changes().recent());
    }

    private void look() {
        try {
            long now = System.nanoTime();
            double seconds = lastLook == 0 ? 0 : (now - lastLook) / 1e9;
            lastLook = now;
            Cluster cluster = launcher.cluster();
            Map<String, Long> sent = balancerCounters(cluster);
            List<NodeState> nodes = new ArrayList<>();
            for (Cluster.Node node : cluster.nodes()) {
                nodes.add(node.main() == ReplicaMain.class ? replica(node, seconds) : other(node, sent, seconds));
            }
            last = new Look(LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), nodes, List.copyOf(elections));
        } catch (RuntimeException e) {
            log.warn("Live page: {}", e.toString()); // the next look, in half a second, tries again
        }
    }

    private NodeState replica(Cluster.Node node, double seconds) {
        String up = launcher.state(node.name());
        JsonNode status = up.equals("up") ? get(node.url(), "/status") : null;
        if (status == null) {
            return new NodeState(node.name(), "replica", node.shard(), up.equals("up") ? "silent" : up, null, null, null,
                    null, null);
        }
        long term = status.path("term").asLong();
        long commit = status.path("commitIndex").asLong();
        String role = status.path("role").asText();
        if (role.equals("LEADER") && term > lastTerm.getOrDefault(node.shard(), 0L)) {
            String was = lastLeader.get(node.shard());
            elections.addFirst(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "  " + node.shard() + ": " + node.name()
                    + " leads term " + term + (was == null || was.equals(node.name()) ? "" : " (was " + was + ")"));
            while (elections.size() > 10) {
                elections.removeLast();
            }
            lastTerm.put(node.shard(), term);
            lastLeader.put(node.shard(), node.name());
        }
        return new NodeState(node.name(), "replica", node.shard(), "up", role, term, commit,
                status.path("isolated").asBoolean(), rate(node.name(), commit, seconds));
    }

    private NodeState other(Cluster.Node node, Map<String, Long> sent, double seconds) {
        String kind = node.main() == BalancerMain.class ? "balancer" : node.name().startsWith("logic") ? "logic" : "website";
        Long count = node.main() == BalancerMain.class ? Long.valueOf(sent.values().stream().mapToLong(Long::longValue).sum())
                : sent.get(node.name()); // boxed on both sides: a node the balancer does not send to has no count
        return new NodeState(node.name(), kind, null, launcher.state(node.name()), null, null, null, null,
                count == null ? null : rate(node.name(), count, seconds));
    }

    /** Requests sent to each logic node so far, by the balancer's counters (it serves them with --admin). */
    private Map<String, Long> balancerCounters(Cluster cluster) {
        Map<String, Long> sent = new HashMap<>();
        if (!launcher.state("balancer").equals("up")) {
            return sent;
        }
        JsonNode counters;
        try {
            counters = get(cluster.node("balancer").url(), "/admin/nodes", launcher.proof());
        } catch (IOException e) {
            return sent; // the secret's file is gone: no counters, the page still shows the rest
        }
        if (counters != null) {
            counters.forEach(c -> sent.put(c.path("node").asText(), c.path("sent").asLong()));
        }
        return sent;
    }

    private Double rate(String name, double count, double seconds) {
        Double before = lastCount.put(name, count);
        return before == null || seconds == 0 ? null : Math.max(0, (count - before) / seconds);
    }

    private static JsonNode get(String url, String path) {
        return get(url, path, null);
    }

    private static JsonNode get(String url, String path, Proof proof) {
        try (HttpRemote node = new HttpRemote("node", URI.create(url), 200, 300, proof)) {
            Response answer = node.call("GET", path, null, null);
            return answer.ok() ? JSON.readTree(answer.body()) : null;
        } catch (Unreachable | IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
