package org.birthofds.bank.group;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.birthofds.bank.ReplicatedBank;
import org.birthofds.bank.ShardRequest;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.node.Node;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Role;

/**
 * One replica of a shard group as a running process: its journal restored, its copy of the shard
 * rebuilt by the replica as it learns the commit index again, its timer ticking, its HTTP face
 * serving, and chapter 4's recovery pass, which acts only while this replica leads. Nothing else
 * is kept: the shard is the committed log, applied.
 */
final class ReplicaNode implements Node {
    private final ReplicaLoop loop;
    private final List<Peer> peers;
    private final GroupServer server;
    private final AutoCloseable recovery;
    private final String url;

    private ReplicaNode(ReplicaLoop loop, List<Peer> peers, GroupServer server, AutoCloseable recovery, String url) {
        this.loop = loop;
        this.peers = peers;
        this.server = server;
        this.recovery = recovery;
        this.url = url;
    }

    static ReplicaNode start(GroupFlags flags) throws IOException {
        RaftJournal journal = flags.memoryOnly() ? RaftJournal.inMemory() : RaftJournal.open(flags.data());
        Proof proof = Proof.fromFile(flags.secretFile(), flags.id());
        Map<String, Peer> peers = new LinkedHashMap<>();
        flags.peers().forEach((id, url) -> peers.put(id, new Peer(id, url, proof)));
        Faults faults = new Faults();
        ReplicatedBank bank = ReplicatedBank.create(flags.shardId(), flags.shards(), proof);
        ReplicaLoop loop = new ReplicaLoop(flags.id(), List.copyOf(peers.keySet()), journal, bank,
                message -> {
                    Peer peer = peers.get(message.to());
                    if (peer != null) {
                        peer.send(message);
                    }
                }, faults);
        GroupServer server = GroupServer.create(loop, bank, flags, faults, proof);
        String url = server.start(flags.host(), flags.port());
        loop.start(); // only once it serves: its first votes' answers need somewhere to land
        AutoCloseable recovery = flags.recoveryEvery().isZero() ? () -> { }
                : bank.startRecovery(request -> propose(loop, request, flags.answerMs()),
                        () -> loop.status().role() == Role.LEADER, flags.recoveryEvery(), flags.inDoubt());
        return new ReplicaNode(loop, List.copyOf(peers.values()), server, recovery, url);
    }

    /** The recovery pass's way into the log: as a client's write, but from inside the leader. */
    private static String propose(ReplicaLoop loop, ShardRequest request, long answerMs) throws Unreachable {
        CompletableFuture<Effect.Reply> pending = loop.propose(request.at(System.currentTimeMillis()).encode());
        try {
            Effect.Reply reply = pending.get(answerMs, TimeUnit.MILLISECONDS);
            if (reply.answer() != Effect.Answer.OK || reply.body().startsWith("frozen ")) {
                throw new Unreachable("the group did not take " + request.verb() + " " + request.target() + ": "
                        + reply.answer(), false);
            }
            return reply.body();
        } catch (TimeoutException | ExecutionException e) {
            loop.forget(pending);
            throw new Unreachable("the group did not commit " + request.verb() + " in " + answerMs + " ms", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", true);
        }
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
        peers.forEach(Peer::close);
    }
}
