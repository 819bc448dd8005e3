package org.birthofds.bank.protocol;

import org.birthofds.bank.net.Response;
import org.birthofds.bank.net.Unreachable;

/** How a blocking driver carries out one {@link Next.Call}: over HTTP, or straight to a shard's own engine. */
public interface Caller {
    Response call(String shard, ShardRequest request) throws Unreachable;

    /**
     * Runs a step machine to its answer, one call at a time, on the calling thread: the logic tier's and
     * a recovery pass's driver. (The simulator drives the same machines on its event queue instead.)
     */
    default Response drive(Steps machine) {
        Next next = machine.start();
        while (next instanceof Next.Call call) {
            Outcome outcome;
            try {
                outcome = Outcome.of(call(call.shard(), call.request()));
            } catch (Unreachable e) {
                outcome = Outcome.lost(e);
            }
            next = machine.on(outcome);
        }
        return ((Next.Done) next).answer();
    }
}
