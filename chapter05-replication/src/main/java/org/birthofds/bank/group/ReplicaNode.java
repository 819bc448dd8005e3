package org.birthofds.bank.group;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.birthofds.bank.replication.Members;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.node.Every;
import org.birthofds.bank.node.Node;
import org.birthofds.bank.protocol.ShardClient;
import org.birthofds.bank.protocol.Steps;
import org.birthofds.bank.replicated.ReplicatedBank;
import org.birthofds.bank.replication.Config;
import org.birthofds.bank.replication.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a shard group as a running process: its journal restored, its copy of the shard
 * rebuilt by the replica as it learns the commit index again, its timer ticking, its HTTP face
 * serving, and chapter 4's recovery pass, which acts only while this replica leads. Nothing else
 * is kept: the shard is the committed log, applied.
 */
final class ReplicaNode implements Node {
    private static final Logger log = LoggerFactory.getLogger(ReplicaNode.class);

    private final ReplicaLoop loop;
    private final Map<String, Peer> peers;
    private final GroupServer server;
    private final AutoCloseable recovery;
    private final String url;

    private ReplicaNode(ReplicaLoop loop, Map<String, Peer> peers, GroupServer server, AutoCloseable recovery, String url) {
        this.loop = loop;
        this.peers = peers;
        this.server = server;
        this.recovery = recovery;
        this.url = url;
    }

    static ReplicaNode start(GroupFlags flags) throws IOException {
        RaftJournal journal = flags.memoryOnly() ? RaftJournal.inMemory() : RaftJournal.open(flags.data());
        try {
            return start(flags, journal);
        } catch (IOException | RuntimeException e) {
            journal.close(); // a replica that could not start lets go of its directory, and writes no more to it
            throw e;
        }
    }

    private static ReplicaNode start(GroupFlags flags, RaftJournal journal) throws IOException {
        Proof proof = Proof.fromFile(flags.secretFile(), flags.id());
        Map<String, Peer> peers = new ConcurrentHashMap<>();
        flags.peers().forEach((id, url) -> peers.put(id, new Peer(url, proof)));
        Faults faults = new Faults();
        ReplicatedBank bank = ReplicatedBank.create(flags.shardId(), flags.shards());
        Config config = Config.raft().withSnapshots(Config.SnapshotPolicy.of(flags.snapshotEvery()))
                .withElectionTicks((int) (flags.electionMs() / ReplicaLoop.TICK_MS));
        AtomicReference<ReplicaLoop> self = new AtomicReference<>();
        ReplicaLoop loop = new ReplicaLoop(flags.id(), genesis(flags), config, journal, bank, batch -> {
            Map<String, List<Message>> byPeer = new LinkedHashMap<>();
            batch.forEach(message -> byPeer.computeIfAbsent(message.to(), to -> new ArrayList<>()).add(message));
            byPeer.forEach((to, messages) -> {
                // A member added since this replica started is found where its change of members said it is.
                Peer peer = peers.computeIfAbsent(to, id -> {
                    String address = self.get() == null ? null : self.get().members().address(id);
                    return address == null || address.isEmpty() ? null : new Peer(URI.create(address), proof);
                });
                if (peer != null) {
                    peer.send(messages); // one frame per peer per batch
                }
            });
        }, faults);
        self.set(loop);
        GroupServer server = GroupServer.create(loop, flags, faults, proof);
        String url = server.start(flags.host(), flags.port());
        loop.start(); // only once it serves: its first votes' answers need somewhere to land
        AutoCloseable recovery = startRecovery(flags, loop, bank, proof);
        return new ReplicaNode(loop, peers, server, recovery, url);
    }

    /**
     * The group as this replica first knows it: itself and its --peers, all voters; or, for a new
     * machine joining a running group (--join), its --peers as the voters and itself a learner,
     * until the leader's log or snapshot says more.
     */
    private static Members genesis(GroupFlags flags) {
        Map<String, String> voters = new LinkedHashMap<>();
        if (!flags.join()) {
            voters.put(flags.id(), "");
        }
        flags.peers().forEach((id, url) -> voters.put(id, url.toString()));
        Members members = new Members(voters, Map.of());
        Map<String, String> disks = new LinkedHashMap<>(flags.disks());
        disks.keySet().retainAll(voters.keySet());
        return flags.join() ? members.withLearner(flags.id(), "") : members.bound(disks);
    }

    /**
     * Chapter 4's recovery pass, on a timer, while this replica leads: outside the state machine, it reads
     * what this copy has held in doubt too long, and settles it through the shards' API, its own group's
     * log included, as any client would.
     */
    private static AutoCloseable startRecovery(GroupFlags flags, ReplicaLoop loop, ReplicatedBank bank, Proof proof) {
        ShardClient shards = new ShardClient(flags.shards(), 500, (int) flags.answerMs() + 500, proof);
        AutoCloseable timer = Every.run(flags.recoveryEvery(), "recovery-pass", () -> {
            if (loop.status().role() != Role.LEADER) {
                return;
            }
            shards.follow(bank.shardMap()); // a new shard may have joined since
            Steps pass = bank.recoveryPass(System.currentTimeMillis(), flags.inDoubt().toMillis());
            if (pass != null) {
                shards.drive(pass);
                pass.report().forEach(line -> log.info("Recovery pass: {}", line));
            }
        });
        return () -> {
            timer.close();
            shards.close();
        };
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void close() throws IOException {
        try {
            recovery.close();
        } catch (Exception e) {
            throw new IOException(e);
        }
        server.stop();
        loop.close();
        peers.values().forEach(Peer::close);
    }
}
