package org.birthofds.bank.group;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.birthofds.bank.node.AdminToken;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.shard.ShardMap;

/**
 * One replica's command line: who it is, where the other replicas of its group are, which shard
 * the group holds, and where its journal lives. Everything is named by URL, so the same flags work
 * when each replica runs on a machine of its own. Every replica of a group is started with the
 * same shard id and shard map: each applies the same log to its own copy of the shard.
 */
record GroupFlags(String id, Map<String, URI> peers, String host, int port, Path data, String shardId, ShardMap shards,
                  boolean admin, boolean faults, long answerMs, Duration recoveryEvery, Duration inDoubt,
                  boolean memoryOnly, Path secretFile, Path adminTokenFile, int snapshotEvery, boolean join,
                  Map<String, String> disks, int electionMs) {
    static final String USAGE = """
            Usage: ReplicaMain --id ID (--data DIR | --memory-only) --secret-file FILE [--peers ID=URL,ID=URL] [--port N]
                               [--host H] [--shard-id ID] [--shards MAP] [--answer-ms N] [--recovery-ms N] [--in-doubt-ms N]
                               [--snapshot-every N] [--join] [--disks ID=NAME,...] [--election-ms N] [--admin] [--faults]
                               [--admin-token-file FILE]
              --id           this replica's name in the group, such as s1r1
              --secret-file  the cluster's shared secret (make one with: openssl rand -hex 32 > cluster.secret); every
                             Raft message and every call to this replica must prove it knows it, or is refused (401)
              --peers        the other replicas of the group, such as s1r2=http://127.0.0.1:7112,s1r3=http://127.0.0.1:7113
                             (none: a group of one, which commits on its own disk alone, as chapter 4's shard did)
              --data         the directory of this replica's journal (term, vote and log); kept across restarts
              --memory-only  no journal: only for a group of one that is never restarted (tests); a replica of a
                             real group that forgot its vote in a restart could vote twice
              --port         the port to serve on (default 7111; 0 picks a free one and prints it)
              --host         the address to bind (default 127.0.0.1)
              --shard-id     the shard this group holds (default shard-1): it starts every transfer id
              --shards       the shard map, each group's replicas joined by |, such as
                             shard-1=http://127.0.0.1:7111|http://127.0.0.1:7112|http://127.0.0.1:7113,shard-2=...
                             (default: this group alone)
              --answer-ms    how long a client's request may wait for the group (default 800): then 503
              --recovery-ms  how often the leader looks for transfers in doubt (default 1000; 0: never)
              --in-doubt-ms  how old a PENDING record or intent is before the leader settles it (default 2000)
              --snapshot-every  snapshot the shard and throw the log before it away every N entries (default 10000;
                             0: never, and the journal grows for ever)
              --join         a new machine for a running group, whose --peers are its members: it starts as a
                             learner, and votes only once the group's leader has promoted it (POST /admin/members)
              --disks        the disk each founding replica was set up on, this one's too, such as s1r1=3f2a...,s1r2=...
                             (the launcher names them before the first start): the group knows its disks from its
                             first moment, and refuses a replica back under its old id on another disk. Without it,
                             the first leader writes down each disk as it first hears from it
              --election-ms  the shortest election timeout (default 150): a follower that hears no leader for a
                             time drawn between N and 2N ms stands for election; the leader's heartbeat is every N/3 ms
              --admin        serve /admin/...: the steps that move accounts to a new shard
              --faults       serve POST /faults/isolate and /faults/heal, which cut this replica off from its group
              --admin-token-file  the operator's token, which --admin's and --faults' endpoints ask of every call
                             (required with either)""";

    GroupFlags {
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
        if (peers.containsKey(id)) {
            throw new IllegalArgumentException("Flag --peers names this replica itself (" + id + "): list only the others.");
        }
    }

    private static Map<String, String> disks(String list) {
        Map<String, String> disks = new LinkedHashMap<>();
        for (String pair : list.isEmpty() ? new String[0] : list.split(",")) {
            String[] idName = pair.split("=", 2);
            if (idName.length != 2 || idName[0].isBlank() || !idName[1].matches("[0-9a-f]+")) {
                throw new IllegalArgumentException("Flag --disks takes ID=NAME pairs, such as s1r1=3f2a9c01d4e5: not " + pair);
            }
            disks.put(idName[0], idName[1]);
        }
        return disks;
    }

    static GroupFlags parse(String... args) {
        CommandLine line = CommandLine.parse(Set.of("--id", "--peers", "--host", "--port", "--data", "--shard-id", "--shards",
                "--answer-ms", "--recovery-ms", "--in-doubt-ms", "--secret-file", "--admin-token-file", "--snapshot-every",
                "--disks", "--election-ms"),
                Set.of("--admin", "--faults", "--memory-only", "--join"),
                args);
        String id = line.text("--id", "");
        String data = line.text("--data", "");
        boolean memoryOnly = line.on("--memory-only");
        if (id.isEmpty() || data.isEmpty() == !memoryOnly) {
            throw new IllegalArgumentException("Flag --id is required, and one of --data and --memory-only.");
        }
        Map<String, URI> peers = line.on("--peers") ? line.namedUrls("--peers", "") : Map.of();
        if (memoryOnly && !peers.isEmpty()) {
            throw new IllegalArgumentException("Flag --memory-only is only for a group of one: with --peers, a restart"
                    + " that forgot this replica's vote could elect two leaders.");
        }
        String secret = line.text("--secret-file", "");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("Flag --secret-file is required: the cluster's shared secret, without which"
                    + " anyone who can reach this port could speak for a replica (openssl rand -hex 32 > cluster.secret).");
        }
        String host = line.text("--host", "127.0.0.1");
        int port = line.number("--port", 7111, 0, 65535);
        String shardId = line.text("--shard-id", "shard-1");
        ShardMap shards = line.on("--shards") ? ShardMap.parse(line.text("--shards", ""))
                : ShardMap.of(Map.of(shardId, "http://" + host + ":" + (port == 0 ? 1 : port))); // alone: it asks no one
        if (!shards.has(shardId)) {
            throw new IllegalArgumentException("The shard map " + shards + " has no " + shardId + ", this group's shard.");
        }
        return new GroupFlags(id, peers, host, port, memoryOnly ? null : Path.of(data), shardId, shards, line.on("--admin"),
                line.on("--faults"), line.number("--answer-ms", 800, 1, 60_000), line.millis("--recovery-ms", 1000),
                line.millis("--in-doubt-ms", 2000), memoryOnly, Path.of(secret),
                AdminToken.flag(line, line.on("--admin") || line.on("--faults")),
                line.number("--snapshot-every", 10_000, 0, 100_000_000), line.on("--join"), disks(line.text("--disks", "")),
                line.number("--election-ms", 150, 30, 60_000));
    }
}
