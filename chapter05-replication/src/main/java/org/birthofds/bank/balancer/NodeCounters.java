package org.birthofds.bank.balancer;

/**
 * What the balancer has seen of one node: requests sent to it, those not yet over, and those the
 * node never answered (no connection, or no answer in time). A node that answered with an error
 * of its own, such as its 503 for a hung data tier, did answer: that is not a failure here.
 */
public record NodeCounters(String node, long sent, long inFlight, long failed) {
}
