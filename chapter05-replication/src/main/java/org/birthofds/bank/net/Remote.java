package org.birthofds.bank.net;

/**
 * Another tier, across the network: the one way a tier calls the tier behind it. Over HTTP it is
 * an {@link HttpRemote}, or a {@link GroupRemote} in front of a replica group. (Chapter 5's
 * simulator does not stand behind this interface: it runs the logic tier's protocols as step
 * machines, which it drives on its own event queue; see {@code protocol.Steps}.)
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
