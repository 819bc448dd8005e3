package org.birthofds.bank;

import io.javalin.http.Context;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * The data tier's fault hooks, for tests: every one is off unless a test turns it on. They
 * stage the two failures that every tier boundary has: a server that stops answering, and an
 * answer that is lost on its way back after the work was done.
 */
final class DataFaults {
    private volatile Consumer<String> beforeEachRequest = request -> {
    };
    private volatile Predicate<String> loseAnswerTo = request -> false;

    /** Runs before each request is looked at; a test pauses the data tier by blocking here. */
    void beforeEachRequest(Consumer<String> hook) {
        beforeEachRequest = hook;
    }

    /** For the changes this picks, the change is made and journaled, but its answer is never sent. */
    void loseAnswers(Predicate<String> which) {
        loseAnswerTo = which;
    }

    void beforeEachRequest(String request) {
        beforeEachRequest.accept(request);
    }

    boolean losesAnswerTo(String request) {
        return loseAnswerTo.test(request);
    }

    /** Closes the connection under the request: the caller reads end-of-stream, not an answer. */
    void dropConnection(Context ctx) {
        try {
            ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                    .getEndPoint().close();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not drop the connection", e);
        }
    }
}
