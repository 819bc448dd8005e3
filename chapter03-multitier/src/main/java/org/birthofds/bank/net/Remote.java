package org.birthofds.bank.net;

/**
 * Another tier, across the network: the one way a tier calls the tier behind it. Over HTTP it is
 * an {@link HttpRemote}; a test may stand a stand-in behind it.
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
