package org.birthofds.bank.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Proof;
import org.birthofds.bank.net.Unreachable;

/**
 * Closed-loop writers: N clients, each on a kept-alive connection of its own to one URL, each
 * sending its next write as soon as the last is answered, for a fixed time. The same client code
 * for etcd's puts and our deposits, so that the two differ only in what stands behind the URL.
 */
final class Writes {
    /** One client's write, the {@code n}th: null when acknowledged, else the refusal. */
    interface Write {
        String send(HttpRemote to, String client, long n) throws Unreachable;
    }

    record Result(int clients, long writes, long failed, double perSecond, double p50Ms, double p99Ms) {
    }

    private Writes() {
    }

    static Result run(URI url, int clients, double seconds, Write write) throws Exception {
        return run(url, clients, seconds, write, null);
    }

    /** @param proof the cluster's secret, for writes straight to one of our replicas (null: any other target) */
    static Result run(URI url, int clients, double seconds, Write write, Proof proof) throws Exception {
        Recorder latencies = new Recorder(3);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String client = "w" + c;
                running.add(pool.submit(() -> {
                    try (HttpRemote to = new HttpRemote("bench target", url, 1000, 10_000, proof)) {
                        for (long n = 0; System.nanoTime() < end; n++) {
                            long sent = System.nanoTime();
                            String refused = send(write, to, client, n);
                            latencies.recordValue((System.nanoTime() - sent) / 1000);
                            (refused == null ? done : failed).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        var histogram = latencies.getIntervalHistogram();
        return new Result(clients, done.get(), failed.get(), done.get() / elapsed,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0);
    }

    private static String send(Write write, HttpRemote to, String client, long n) {
        try {
            return write.send(to, client, n);
        } catch (Unreachable e) {
            return e.getMessage();
        }
    }
}
