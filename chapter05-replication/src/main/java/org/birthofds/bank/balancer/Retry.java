package org.birthofds.bank.balancer;

import org.birthofds.bank.data.Idempotency;

/**
 * When a request that failed on one node may be sent to another: only when sending it twice
 * cannot move money twice.
 *
 * <p>A request that never left the balancer (it could not connect: nothing listens there, or
 * no connection in time) reached no node, so it can go anywhere else. One that left may have
 * been carried out by the node before it died or went quiet: the balancer cannot tell. It goes
 * again only if repeating it is harmless: a GET reads and changes nothing, and a repeat of a write
 * under the same Idempotency-Key gets the first answer again and changes nothing more (the API's
 * rule since chapter 3). An unkeyed write is answered 503, and the client, which alone knows
 * whether it wants the write, decides.
 */
final class Retry {
    static final String KEY_HEADER = "Idempotency-Key";

    private Retry() {
    }

    /**
     * @param method the request's HTTP method
     * @param keyed  whether it carries an Idempotency-Key
     * @param left   whether it left the balancer for the node (it started on a connection), so it may have reached it
     */
    static boolean allowed(String method, boolean keyed, boolean left) {
        return !left || "GET".equals(method) || keyed;
    }
}
