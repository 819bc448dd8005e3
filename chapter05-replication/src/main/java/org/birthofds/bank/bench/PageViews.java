package org.birthofds.bank.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.birthofds.bank.net.HttpRemote;
import org.birthofds.bank.net.Remote;
import org.birthofds.bank.net.Unreachable;

/** People looking at the website: closed-loop clients, each loading the front page again as soon as it arrives. */
final class PageViews {
    private PageViews() {
    }

    static CpuShare.Result run(String url, int clients, int seconds) throws Unreachable, InterruptedException {
        try (Remote once = new HttpRemote("website", URI.create(url), 10_000, 10_000)) {
            String page = once.call("GET", "/", null, null).body();
            System.out.printf("%n-- %s: %d clients loading the front page (%,d bytes, %d accounts) for %d s%n", url,
                    clients, page.length(), page.split("<tr><td>", -1).length - 1, seconds);
        }
        Recorder latencies = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(() -> browse(URI.create(url), deadline, latencies, failures), "page-views-" + i);
            client.start();
            threads.add(client);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        var histogram = latencies.getIntervalHistogram();
        return new CpuShare.Result(histogram.getTotalCount(), histogram.getTotalCount() / (double) seconds,
                histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6, failures.get() == 0);
    }

    private static void browse(URI url, long deadline, Recorder latencies, AtomicLong failures) {
        try (Remote website = new HttpRemote("website", url, 10_000, 10_000)) { // one kept-alive connection per client
            while (System.nanoTime() < deadline) {
                long start = System.nanoTime();
                if (website.call("GET", "/", null, null).status() != 200) {
                    failures.incrementAndGet();
                }
                latencies.recordValue(System.nanoTime() - start);
            }
        } catch (Unreachable e) {
            failures.incrementAndGet();
        }
    }
}
