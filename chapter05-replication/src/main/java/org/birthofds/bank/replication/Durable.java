package org.birthofds.bank.replication;

import java.util.List;

/**
 * What a replica gets back from its disk after a crash: only what it forced. Term and vote must
 * survive (or one node could vote twice in a term), and so must every entry it acknowledged (or a
 * majority could "have" an entry that exists nowhere). Everything else is rebuilt by replaying.
 */
public record Durable(long term, String votedFor, List<Entry> log) {
    public Durable {
        log = List.copyOf(log);
    }

    public static Durable empty() {
        return new Durable(0, null, List.of());
    }
}
