package org.birthofds.bank.protocol;

import org.birthofds.bank.net.Response;

/**
 * What a step machine that speaks to shards asks its driver for next: one call to a shard, or its
 * final answer. The machine does no I/O and reads no clock, as a replica does not: a driver carries
 * each call out (over HTTP in the logic tier, on the simulator's event queue in virtual time) and
 * feeds back what came of it ({@link Outcome}). So the cluster and the simulator run one protocol.
 */
public sealed interface Next {
    record Call(String shard, ShardRequest request) implements Next {
    }

    /** The machine's answer, as the API gives it (a refusal or a 503 too). */
    record Done(Response answer) implements Next {
    }
}
