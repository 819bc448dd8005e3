package org.birthofds.bank.net;

/**
 * Another tier, across the network: the one way a tier calls the tier behind it. Over HTTP it is
 * an {@link HttpRemote}; chapter 5's simulator puts a network of its own behind this interface,
 * one that drops, delays and reorders calls when a test says so.
 */
public interface Remote extends AutoCloseable {
    /**
     * Sends one request and waits, within a bounded time, for its answer.
     *
     * @param json           the body, or null
     * @param idempotencyKey the Idempotency-Key header, or null
     * @throws Unreachable no answer came in time: the request may or may not have happened
     */
    Response call(String method, String path, String json, String idempotencyKey) throws Unreachable;

    @Override
    void close();
}
