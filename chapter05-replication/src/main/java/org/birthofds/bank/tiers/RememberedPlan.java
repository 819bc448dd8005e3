package org.birthofds.bank.tiers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.birthofds.bank.Disk;
import org.birthofds.bank.RealDisk;

/**
 * The cluster's shape as the launcher last left it, kept in its data directory ({@code cluster.json})
 * so that a launcher started again there plans the same cluster: how many shards (add-shard) and
 * which replicas each group has (replace, add-replica, remove-replica). Without it a restart planned
 * the founding names again: after {@code replace s1r3}, s1r3 on an empty disk, which its group
 * refuses as a stranger and which stands for a new term for ever, and never s1r4.
 *
 * <p>Only the shape, which the replicas' journals depend on: the host, the logic nodes, the policy
 * and --admin are the command line's, at every start. Written when the cluster is founded and after
 * each change, once the group has committed it (a launcher killed halfway through a change, or
 * after one that failed halfway, finds the plan before it).
 *
 * @param shards  shard-1 to shard-M
 * @param members each shard's replicas, by name: {"shard-1": ["s1r1", "s1r2", "s1r4"], ...}
 */
record RememberedPlan(int shards, Map<String, List<String>> members) {
    static final String FILE = "cluster.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    RememberedPlan {
        members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members == null ? Map.of() : members));
    }

    /** The shape {@code settings} plan: every shard named, with its replicas. */
    static RememberedPlan of(Cluster.Settings settings) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (int s = 1; s <= settings.shards(); s++) {
            int shard = s;
            members.put("shard-" + s, settings.replicas(s).stream().map(r -> Cluster.replica(shard, r)).toList());
        }
        return new RememberedPlan(settings.shards(), members);
    }

    static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /**
     * The plan recorded in {@code dataDir}, or null if it has none (a directory from before the
     * launcher kept one: the command line's plan, as then).
     *
     * @throws IllegalArgumentException if the file is not a plan this launcher wrote
     */
    static RememberedPlan read(Path dataDir) throws IOException {
        Path file = file(dataDir);
        if (!RealDisk.INSTANCE.exists(file)) {
            return null;
        }
        String text;
        try (Disk.File in = RealDisk.INSTANCE.open(file); InputStream bytes = in.read()) {
            text = new String(bytes.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        RememberedPlan plan;
        try {
            plan = JSON.readValue(text, RememberedPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not the cluster's plan as the launcher writes it: "
                    + e.getOriginalMessage());
        }
        plan.replicaNumbers(file); // refused now, not when half the cluster has started
        return plan;
    }

    /**
     * Written aside, forced, renamed over the old file, the directory forced: a crash leaves the
     * old plan or the new one, never half of each (as a replica's snapshot is written).
     */
    void write(Path dataDir) throws IOException {
        Disk disk = RealDisk.INSTANCE;
        Path aside = dataDir.resolve(FILE + ".new");
        try (Disk.File out = disk.open(aside)) {
            out.truncate(0); // what a crash left here last time
            out.append(ByteBuffer.wrap(JSON.writeValueAsBytes(this)));
            out.force();
        }
        disk.replace(aside, file(dataDir));
        disk.forceDirectory(dataDir);
    }

    /**
     * {@code asked} with this plan's shards and members. A --shards given on the command line that
     * is not the recorded number is refused, not overruled: fewer shards would leave the accounts
     * on the others unreachable, and more would route accounts to a shard they were never moved to
     * (add-shard moves them). Either is a mistake the operator should hear about before any node
     * starts, and a flag silently ignored would be a command line that lies about the cluster.
     * Without --shards, the recorded number is simply the plan.
     *
     * @throws IllegalArgumentException if {@code shardsGiven} and it differs from the recorded number
     */
    Cluster.Settings applyTo(Cluster.Settings asked, boolean shardsGiven) {
        Path file = file(asked.dataDir());
        if (shardsGiven && asked.shards() != shards) {
            throw new IllegalArgumentException("The cluster in " + asked.dataDir() + " has " + shards + " shard"
                    + (shards == 1 ? "" : "s") + " (" + file + ", which the launcher keeps up to date), not the "
                    + asked.shards() + " that --shards asks for: start without --shards, or with --shards " + shards
                    + ", or give another --data for a new cluster.");
        }
        return asked.withShape(shards, replicaNumbers(file));
    }

    /** The members by number, as Cluster.Settings holds them; refused if they are not what the launcher plans. */
    private Map<Integer, List<Integer>> replicaNumbers(Path file) {
        if (shards < 1 || shards > 9 || members.size() != shards) {
            throw new IllegalArgumentException(file + " names " + members.keySet() + " for " + shards
                    + " shards: not a plan the launcher wrote. Fix it, or give another --data for a new cluster.");
        }
        Map<Integer, List<Integer>> numbers = new LinkedHashMap<>();
        for (int s = 1; s <= shards; s++) {
            List<String> names = members.get("shard-" + s);
            if (names == null || names.isEmpty()) {
                throw new IllegalArgumentException(file + " names no replica of shard-" + s + ".");
            }
            List<Integer> replicas = new ArrayList<>();
            for (String name : names) {
                int r = replicaNumber(s, name);
                if (r < 0 || replicas.contains(r)) {
                    throw new IllegalArgumentException(file + " lists '" + name + "' among shard-" + s
                            + "'s replicas, which are named s" + s + "r1 to s" + s + "r9, each once.");
                }
                replicas.add(r);
            }
            numbers.put(s, List.copyOf(replicas));
        }
        return numbers;
    }

    /** 4 for s1r4 in shard 1, or -1 if {@code name} is no replica of that shard. */
    private static int replicaNumber(int shard, String name) {
        for (int r = 1; r <= 9; r++) {
            if (Cluster.replica(shard, r).equals(name)) {
                return r;
            }
        }
        return -1;
    }
}
