package org.birthofds.bank.balancer;

/**
 * The API's error body for a node that did not answer (top-level README.md, "The API"): the
 * balancer writes it itself, because it shares no class with the tiers behind it.
 */
record Unavailable(String error, String message) {
    Unavailable(String message) {
        this("unavailable", message);
    }
}
