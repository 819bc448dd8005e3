package org.birthofds.bank.group;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.birthofds.bank.ledger.Grammar;
import org.birthofds.bank.ledger.Ledger;
import org.birthofds.bank.node.Node;

/**
 * One replica of a shard group as a running process: its journal restored, its ledger rebuilt by
 * the replica as it learns the commit index again, its timer ticking, and its HTTP face serving.
 * Nothing else is kept: the ledger is the committed log, replayed.
 */
final class ReplicaNode implements Node {
    private final ReplicaLoop loop;
    private final GroupServer server;
    private final String url;

    private ReplicaNode(ReplicaLoop loop, GroupServer server, String url) {
        this.loop = loop;
        this.server = server;
        this.url = url;
    }

    static ReplicaNode start(GroupFlags flags) throws IOException {
        RaftJournal journal = RaftJournal.open(flags.data());
        Map<String, Peer> peers = new LinkedHashMap<>();
        flags.peers().forEach((id, url) -> peers.put(id, new Peer(id, url)));
        ReplicaLoop loop = new ReplicaLoop(flags.id(), peers, journal, new Ledger(flags.accounts()));
        GroupServer server = GroupServer.create(loop, new Grammar(flags.accounts()), flags.peers());
        String url = server.start(flags.host(), flags.port());
        loop.start(); // only once it serves: its first votes' answers need somewhere to land
        return new ReplicaNode(loop, server, url);
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void close() throws IOException {
        server.stop();
        loop.close();
    }
}
