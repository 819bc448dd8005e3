package org.birthofds.bank.load;

import java.util.List;

/**
 * What one load run measured.
 *
 * @param requests         requests that got an answer or failed, of any kind
 * @param transfers        transfers the bank accepted (201)
 * @param refused          transfers refused with 422 insufficient_funds: expected, not errors
 * @param errors           any other non-2xx answer, and requests that got no answer
 * @param seconds          wall time of the run, from its start until the last answer
 * @param p50Ms            latency percentiles and maximum in milliseconds; in an open loop,
 *                         measured from when each request was due (see Client)
 * @param accounts         accounts the run opened
 * @param deposited        cents the run deposited into them
 * @param balanceSum       cents they held at the end
 * @param negativeBalances how many of them ended below zero
 * @param ceilingPerSecond the generator's ceiling against GET /health; 0 if not measured
 * @param firstErrors      the first few distinct error messages
 */
public record LoadResult(long requests, long transfers, long refused, long errors, double seconds,
                         double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
                         int accounts, long deposited, long balanceSum, int negativeBalances,
                         double ceilingPerSecond, List<String> firstErrors) {

    public LoadResult {
        firstErrors = List.copyOf(firstErrors);
    }

    public double requestsPerSecond() {
        return seconds > 0 ? requests / seconds : 0;
    }

    public double transfersPerSecond() {
        return seconds > 0 ? transfers / seconds : 0;
    }

    /** No money was made or lost, and no balance went below zero. */
    public boolean invariantHolds() {
        return balanceSum == deposited && negativeBalances == 0;
    }

    public boolean ceilingMeasured() {
        return ceilingPerSecond > 0;
    }

    /** The bank run's throughput as a fraction of the generator's ceiling; NaN if not measured. */
    public double ceilingRatio() {
        return ceilingMeasured() ? requestsPerSecond() / ceilingPerSecond : Double.NaN;
    }
}
