package org.birthofds.bank.balancer;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;

/**
 * The active health checks: a GET /health to each node every --probe-ms, its answer (a 200 within
 * --probe-timeout-ms, or not) handed to {@link Health}. A logic node answers /health without asking
 * the data tier, so a check measures the node alone: a node whose shards are down still answers,
 * stays in service and passes on their 503s, as in chapter 4.
 *
 * <p>One check per node at a time: the next is scheduled when the last one ends, so a node that
 * has gone quiet is not sent a pile of them. A dead node is therefore out within
 * --eject-after × (--probe-ms + --probe-timeout-ms), and sooner if a request finds its port closed.
 */
final class Prober {
    private final HttpClient client;
    private final Map<String, URI> nodes;
    private final Health health;
    private final Duration every;
    private final Duration timeout;
    private volatile boolean stopped;

    Prober(HttpClient client, Map<String, URI> nodes, Health health, Duration every, Duration timeout) {
        this.client = client;
        this.nodes = Map.copyOf(nodes);
        this.health = health;
        this.every = every;
        this.timeout = timeout;
    }

    /** The first check of every node now; each next one --probe-ms after the last one ended. */
    void start() {
        nodes.keySet().forEach(this::check);
    }

    /** No check starts after this, and the answer of one under way is dropped. */
    void stop() {
        stopped = true;
    }

    private void check(String node) {
        if (stopped) {
            return;
        }
        client.newRequest(nodes.get(node).resolve("/health")).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .send(new BufferingResponseListener(4096) {
                    @Override
                    public void onComplete(Result result) {
                        if (stopped) {
                            return;
                        }
                        if (result.isSucceeded() && result.getResponse().getStatus() == 200) {
                            health.checkAnswered(node);
                        } else {
                            health.checkFailed(node, why(result));
                        }
                        next(node);
                    }
                });
    }

    private void next(String node) {
        try {
            client.getScheduler().schedule(() -> check(node), every.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the balancer is stopping: its client's scheduler is gone, and so are the checks
        }
    }

    private String why(Result result) {
        if (result.isSucceeded()) {
            return "answered " + result.getResponse().getStatus();
        }
        return result.getFailure() instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                : String.valueOf(result.getFailure().getMessage());
    }
}
