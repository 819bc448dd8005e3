package org.birthofds.bank.balancer;

/**
 * What the balancer has seen of one node: requests sent to it, those not yet over, and those the
 * node never answered (no connection, or no answer in time). A node that answered with an error
 * of its own, such as its 503 for a hung data tier, did answer: that is not a failure here.
 *
 * <p>Chapter 5 adds its health: of the failed requests, those sent again to another node
 * ({@code retried}); whether it is out of service now ({@code ejected}); and how many times it
 * was taken out so far ({@code ejections}).
 */
public record NodeCounters(String node, long sent, long inFlight, long failed, long retried, boolean ejected,
                           long ejections) {
}
