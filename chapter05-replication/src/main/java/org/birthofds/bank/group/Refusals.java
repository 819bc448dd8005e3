package org.birthofds.bank.group;

import java.util.EnumMap;
import java.util.Map;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Effect.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages a replica refused unread (see {@code replication.Admission}): the first of each
 * kind is logged, with its sender and why; the rest are only counted, so that a peer gone wrong,
 * or someone sending on purpose, cannot flood the log.
 */
final class Refusals {
    private static final Logger log = LoggerFactory.getLogger(Refusals.class);

    private final String id;
    private final Map<Refusal, Long> counts = new EnumMap<>(Refusal.class);

    Refusals(String id) {
        this.id = id;
    }

    /** On the replica's thread only. */
    void add(Effect.Refused refused) {
        long seen = counts.merge(refused.refusal(), 1L, Long::sum);
        if (seen == 1) {
            log.warn("{} refused a message from {} ({}: {}); further refusals of this kind are counted, not logged",
                    id, refused.message().from(), refused.refusal(), refused.detail());
        }
    }
}
