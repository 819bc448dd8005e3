package org.birthofds.bank.protocol;

import java.util.List;

/**
 * A protocol of the logic tier, written once as a step machine: inputs in (what came of each call),
 * the next call or the answer out ({@link Next}). One call is open at a time. The two-phase
 * transfer, the consistent read and the recovery pass are each one of these.
 */
public interface Steps {
    Next start();

    /** What came of the call {@link #start} or the last {@code on} asked for. */
    Next on(Outcome outcome);

    /** What the machine did and found, one line each, for its runtime to log: a machine writes no log itself. */
    default List<String> report() {
        return List.of();
    }

    /** One request to one shard, answered as the shard answers it, or 503 if no answer came. */
    static Steps one(String shard, ShardRequest request) {
        return new Steps() {
            @Override
            public Next start() {
                return new Next.Call(shard, request);
            }

            @Override
            public Next on(Outcome outcome) {
                return new Next.Done(outcome.lost() != null ? Outcome.unavailable(outcome.lost().getMessage())
                        : outcome.answer());
            }
        };
    }
}
