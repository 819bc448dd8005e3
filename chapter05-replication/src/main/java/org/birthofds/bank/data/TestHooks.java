package org.birthofds.bank.data;

import io.javalin.http.Context;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * TEST HOOKS, fenced off from production: the data tier's fault hooks, which stage the two
 * failures that every tier boundary has (a server that stops answering, and an answer lost on
 * its way back after the work was done) so that the tests of chapter 3's timeouts and
 * Idempotency-Keys are deterministic, not lucky.
 *
 * <p>Only {@link org.birthofds.bank.BankNode#startWithTestHooks}, which only tests call, creates
 * them; {@link org.birthofds.bank.Main} never does, so a real data tier has no hook to trip, not
 * even a disabled one. Each hook is off until a test turns it on.
 */
public final class TestHooks {
    private volatile Consumer<String> beforeEachRequest = request -> {
    };
    private volatile Predicate<String> loseAnswerTo = request -> false;

    /** Runs before each request is served, given its name ("deposit alice 5"); a test pauses the data tier by blocking here. */
    public void beforeEachRequest(Consumer<String> hook) {
        beforeEachRequest = hook;
    }

    /** For the changes this picks, the change is made and journaled, but its answer is never sent. */
    public void loseAnswers(Predicate<String> which) {
        loseAnswerTo = which;
    }

    public void beforeEachRequest(String request) {
        beforeEachRequest.accept(request);
    }

    public boolean losesAnswerTo(String request) {
        return loseAnswerTo.test(request);
    }

    /** Closes the connection under the request: the caller reads end-of-stream, not an answer. */
    public void dropConnection(Context ctx) {
        try {
            ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                    .getEndPoint().close();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not drop the connection", e);
        }
    }
}
