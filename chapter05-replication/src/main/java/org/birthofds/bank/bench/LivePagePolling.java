package org.birthofds.bank.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's live page, as the replicas feel it while it is open: every member's status asked
 * for every half second (the pace of tiers.ClusterWatch), one member after the other. A reader's
 * run churned leaders with the page open; the benchmark keeps the same load on the replicas so
 * that its count of elections is the one the reader would see.
 *
 * <p>It counts elections as the page does, from the terms the members report: each election begins
 * a new term, so the rise of the highest term seen is the number of elections, whoever won them.
 */
final class LivePagePolling implements AutoCloseable {
    private static final long EVERY_MS = 500;

    private final ThreeReplicas group;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-page-polling");
        t.setDaemon(true);
        return t;
    });
    private long highestTerm = -1;

    private LivePagePolling(ThreeReplicas group) {
        this.group = group;
    }

    static LivePagePolling start(ThreeReplicas group) {
        LivePagePolling page = new LivePagePolling(group);
        page.timer.scheduleWithFixedDelay(page::look, 0, EVERY_MS, TimeUnit.MILLISECONDS);
        return page;
    }

    /**
     * The highest term any member has reported, asked again now: read before and after a run,
     * the difference is the elections during it, even one that began since the last look.
     */
    synchronized long term() {
        look();
        return highestTerm;
    }

    private synchronized void look() {
        for (int member = 0; member < 3; member++) {
            long term = group.term(member);
            if (term > highestTerm) {
                if (highestTerm >= 0) {
                    System.out.printf("    (live page at %.1f s: %s member %d is in term %d: an election)%n",
                            (System.nanoTime() - started) / 1e9, group.name(), member, term);
                }
                highestTerm = term;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
