package org.birthofds.bank.balancer;

/** What a policy has done with one node: requests sent to it so far, and those not yet finished. */
public record NodeCount(String node, long sent, long inFlight) {
}
