package org.birthofds.bank.group;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.birthofds.bank.node.CommandLine;

/**
 * One replica's command line: who it is, where its peers are, and where its journal lives. The
 * peers are named by URL only, so the same flags work when each replica runs on a machine of its
 * own. Every replica of a group is started with the same accounts: each replays the same log into
 * its own ledger of them.
 */
record GroupFlags(String id, Map<String, URI> peers, String host, int port, Path data, List<String> accounts) {
    static final String USAGE = """
            Usage: ReplicaMain --id ID --peers ID=URL,ID=URL --data DIR [--port N] [--host H] [--accounts A,B,...]
              --id        this replica's name in the group, such as r1
              --peers     the other replicas of the group, such as r2=http://127.0.0.1:7202,r3=http://127.0.0.1:7203
              --data      the directory of this replica's journal (term, vote and log); kept across restarts
              --port      the port to serve on (default 7201; 0 picks a free one and prints it)
              --host      the address to bind (default 127.0.0.1)
              --accounts  the accounts of the group's ledger (default alice,bob,carol,dave)""";

    GroupFlags {
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
        accounts = List.copyOf(accounts);
        if (peers.containsKey(id)) {
            throw new IllegalArgumentException("Flag --peers names this replica itself (" + id + "): list only the others.");
        }
    }

    static GroupFlags parse(String... args) {
        CommandLine line = CommandLine.parse(Set.of("--id", "--peers", "--host", "--port", "--data", "--accounts"), Set.of(),
                args);
        String id = line.text("--id", "");
        String data = line.text("--data", "");
        if (id.isEmpty() || data.isEmpty() || !line.on("--peers")) {
            throw new IllegalArgumentException("Flags --id, --peers and --data are required.");
        }
        return new GroupFlags(id, line.namedUrls("--peers", ""), line.text("--host", "127.0.0.1"),
                line.number("--port", 7201, 0, 65535), Path.of(data),
                List.of(line.text("--accounts", "alice,bob,carol,dave").split(",")));
    }
}
