package org.birthofds.bank.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.Main;
import org.birthofds.bank.balancer.BalancerMain;
import org.birthofds.bank.load.LoadGenerator;
import org.birthofds.bank.load.LoadOptions;
import org.birthofds.bank.load.LoadResult;
import org.birthofds.bank.load.Measured;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.tiers.TierProcess;

/**
 * What a balancer costs, in the same run: durable-free transfers straight to one logic node, then
 * through our balancer and through HAProxy (Debian's haproxy, round robin, haproxy/haproxy.cfg),
 * both in front of the same three logic nodes. One client shows the latency each extra hop adds;
 * sixteen show the throughput. The work is all CPU (--work-ms 0), so on a small machine a hop's
 * cost shows as lost throughput; with waiting work the nodes behind a balancer add capacity
 * instead (see Scale).
 *
 * <pre>chapter05-replication/haproxy/bench.sh   (installs haproxy if missing, then runs this)</pre>
 */
public final class Balancers {
    private static final int[] CLIENTS = {1, 16};
    private static final int LOGIC_NODES = 3;

    private Balancers() {
    }

    record Row(String front, int clients, LoadResult result) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = seconds(args, "Balancers");
        Path config = haproxyConfig();
        System.out.println(Measured.header());
        System.out.printf("Chapter 5, balancers: %d s per run, %d logic nodes, %d cores%n", seconds, LOGIC_NODES,
                Runtime.getRuntime().availableProcessors());
        TierProcess data = TierProcess.start(Main.class, List.of("--port", "0", "--memory-only", "--workers", "64"), line -> { });
        List<TierProcess> logic = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        TierProcess ours = null;
        Process haproxy = null;
        List<Row> rows = new ArrayList<>();
        try {
            for (int i = 1; i <= LOGIC_NODES; i++) {
                TierProcess node = TierProcess.start(LogicMain.class, List.of("--port", "0", "--data-url", data.url(),
                        "--node", "logic-" + i), line -> { });
                logic.add(node);
                pairs.add("logic-" + i + "=" + node.url());
            }
            ours = TierProcess.start(BalancerMain.class, List.of("--port", "0", "--nodes", String.join(",", pairs)), line -> { });
            int haproxyPort = freePort();
            haproxy = startHaproxy(config, haproxyPort, logic);
            for (int clients : CLIENTS) {
                rows.add(measure("straight to logic-1", logic.get(0).url(), clients, seconds));
                rows.add(measure("our balancer (Jetty)", ours.url(), clients, seconds));
                if (haproxy != null) {
                    rows.add(measure("HAProxy " + haproxyVersion(), "http://127.0.0.1:" + haproxyPort, clients, seconds));
                }
            }
        } finally {
            if (haproxy != null) {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            if (ours != null) {
                ours.stop();
            }
            for (TierProcess node : logic) {
                node.stop();
            }
            data.stop();
        }
        print(rows);
    }

    private static Row measure(String front, String url, int clients, int seconds) throws IOException, InterruptedException {
        System.out.printf("-- %s, %d client(s)%n", front, clients);
        LoadResult r = LoadGenerator.run(new LoadOptions(url, clients, 0, seconds, 0, 42, 100, 0, 2, 0),
                new PrintStream(OutputStream.nullOutputStream()));
        return new Row(front, clients, r);
    }

    private static void print(List<Row> rows) {
        System.out.printf("%n%-26s  %7s  %8s  %7s  %7s  %10s  %10s  %6s%n", "front door", "clients", "req/s", "p50 ms",
                "p99 ms", "p50 extra", "p99 extra", "errors");
        Row direct = null;
        for (Row row : rows) {
            if (row.front().startsWith("straight")) {
                direct = row;
            }
            LoadResult r = row.result();
            System.out.printf(Locale.ROOT, "%-26s  %7d  %8.0f  %7.2f  %7.2f  %10s  %10s  %6d%n", row.front(), row.clients(),
                    r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), extra(r.p50Ms(), direct.result().p50Ms(), row == direct),
                    extra(r.p99Ms(), direct.result().p99Ms(), row == direct), r.errors());
        }
        System.out.println("\nextra = the latency a front door adds over going straight to one logic node, at the same clients.");
    }

    private static String extra(double ms, double directMs, boolean isDirect) {
        return isDirect ? "-" : String.format(Locale.ROOT, "%+.2f ms", ms - directMs);
    }

    /** HAProxy with our config, the logic nodes' addresses in its environment; null (and a line why) if it is missing. */
    private static Process startHaproxy(Path config, int port, List<TierProcess> logic) throws IOException, InterruptedException {
        if (config == null || haproxyVersion().isEmpty()) {
            System.out.println("HAProxy is not installed: its rows are left out. chapter05-replication/haproxy/bench.sh"
                    + " installs it (apt-get install haproxy) and runs this benchmark.");
            return null;
        }
        ProcessBuilder builder = new ProcessBuilder("haproxy", "-f", config.toString(), "-db").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HAPROXY_BIND", "127.0.0.1:" + port);
        for (int i = 0; i < logic.size(); i++) {
            builder.environment().put("LOGIC_" + (i + 1), logic.get(i).url().replace("http://", ""));
        }
        Process haproxy = builder.start();
        for (int attempt = 0; attempt < 100; attempt++) { // at most 10 s
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return haproxy;
            } catch (IOException notYet) {
                if (!haproxy.isAlive()) {
                    throw new IOException("haproxy exited with " + haproxy.exitValue() + "; try haproxy -c -f " + config);
                }
                Thread.sleep(100);
            }
        }
        haproxy.destroyForcibly();
        throw new IOException("haproxy did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    private static String haproxyVersion() {
        try {
            Process p = new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            String[] words = out.split("\\s+");
            return words.length > 2 ? words[2] : "";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    /** The shipped config, from the repository root or from the chapter's directory. */
    private static Path haproxyConfig() {
        for (Path p : List.of(Path.of("chapter05-replication/haproxy/haproxy.cfg"), Path.of("haproxy/haproxy.cfg"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static int seconds(String[] args, String name) {
        if (args.length != 0 && (args.length != 2 || !args[0].equals("--seconds"))) {
            System.err.println("Usage: " + name + " [--seconds N]   (seconds per load run, default 10)");
            System.exit(2);
        }
        return args.length == 2 ? Integer.parseInt(args[1]) : 10;
    }
}
