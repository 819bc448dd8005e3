package org.birthofds.bank.participant;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;
import org.birthofds.bank.shard.ShardMap;

/**
 * The other shards, as this shard's recovery pass reaches them: over HTTP, through the same
 * {@code net.Remote} seam as the logic tier, to ask a transaction record's shard for its state.
 */
public final class Peers implements AutoCloseable {
    private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
    private volatile ShardMap map;

    public Peers(ShardMap map) {
        this.map = map;
    }

    /** A new map (tests that start shards on port 0 learn their URLs only after starting them). */
    public void use(ShardMap updated) {
        map = updated;
        close();
    }

    /** @return null when the map has no such shard */
    Response call(String shard, String method, String path, String json) throws Unreachable {
        ShardMap known = map;
        if (known == null || !known.has(shard)) {
            return null;
        }
        URI url = known.url(shard);
        Remote remote = remotes.computeIfAbsent(shard + " " + url, k -> new HttpRemote(shard, url, 500, 2000));
        return remote.call(method, path, json, null);
    }

    @Override
    public void close() {
        remotes.values().forEach(Remote::close);
        remotes.clear();
    }
}
