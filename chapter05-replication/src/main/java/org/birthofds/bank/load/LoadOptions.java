package org.birthofds.bank.load;

import java.net.URI;

/**
 * What one load run does: where, how many clients, how fast, for how long, and with which mix.
 *
 * @param url             the front door, e.g. http://127.0.0.1:7070 (no trailing slash)
 * @param clients         concurrent clients, each with its own connection
 * @param rate            total requests per second across all clients; 0 means closed loop
 * @param durationSeconds how long to run, unless {@code requests} is set
 * @param requests        total requests to send; 0 means run for {@code durationSeconds}
 * @param seed            seeds the mix; client i uses {@code seed + i}
 * @param accounts        accounts this run opens and transfers between
 * @param readPercent     share of the mix, in percent, that reads one balance
 * @param warmupSeconds   how long to run the same mix, closed loop and unmeasured, beforehand
 * @param ceilingSeconds  how long to measure the generator's own ceiling afterwards; 0 skips it
 */
public record LoadOptions(String url, int clients, double rate, double durationSeconds,
                          long requests, long seed, int accounts, int readPercent,
                          double warmupSeconds, double ceilingSeconds) {

    public static final String USAGE = """
            usage: load [flags]
              --url URL           front door of the bank (default http://127.0.0.1:7070)
              --clients N         concurrent clients (default 1)
              --rate R            total requests/s, open loop; 0 = closed loop (default 0)
              --duration S        seconds to run (default 10)
              --requests N        total requests to send; overrides --duration
              --seed N            seed of the request mix (default 42)
              --accounts N        accounts to open and transfer between (default 100)
              --reads P           percent of reads in the mix (default 0)
              --warmup S          seconds of unmeasured closed-loop warm-up first (default 1)
              --ceiling-seconds S length of the GET /health ceiling run (default 2)
              --no-ceiling        skip the ceiling run
              --help              print this and exit""";

    public LoadOptions {
        url = checkedUrl(url);
        require(clients >= 1 && clients <= 10_000, "--clients must be from 1 to 10000, got " + clients);
        require(rate >= 0 && Double.isFinite(rate), "--rate must be 0 or more, got " + rate);
        require(durationSeconds > 0 && Double.isFinite(durationSeconds),
                "--duration must be more than 0, got " + durationSeconds);
        require(requests >= 0, "--requests must be 0 or more, got " + requests);
        // Two distinct accounts per transfer; the cap keeps ids within the 32 characters the API allows.
        require(accounts >= 2 && accounts <= 1_000_000, "--accounts must be from 2 to 1000000, got " + accounts);
        require(readPercent >= 0 && readPercent <= 100, "--reads must be from 0 to 100, got " + readPercent);
        require(warmupSeconds >= 0 && Double.isFinite(warmupSeconds),
                "--warmup must be 0 or more, got " + warmupSeconds);
        require(ceilingSeconds >= 0 && Double.isFinite(ceilingSeconds),
                "--ceiling-seconds must be 0 or more, got " + ceilingSeconds);
    }

    public static LoadOptions defaults() {
        return new LoadOptions("http://127.0.0.1:7070", 1, 0, 10, 0, 42, 100, 0, 1, 2);
    }

    /**
     * The same clients and mix, closed loop, for the warm-up: until the JIT has compiled the
     * request path, a cold generator falls behind an open-loop schedule and the backlog it
     * builds (hundreds of ms) would be charged to the server.
     */
    LoadOptions warmup() {
        return new LoadOptions(url, clients, 0, warmupSeconds, 0, seed, accounts, readPercent, 0, 0);
    }

    /** True when each client waits for an answer before it sends again. */
    public boolean closedLoop() {
        return rate == 0;
    }

    /** True when the run ends after a number of requests rather than after a duration. */
    public boolean byCount() {
        return requests > 0;
    }

    public static boolean wantsHelp(String... args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Parses flags; any mistake is an IllegalArgumentException whose message names the flag. */
    public static LoadOptions parse(String... args) {
        LoadOptions d = defaults();
        String url = d.url;
        int clients = d.clients, accounts = d.accounts, reads = d.readPercent;
        double rate = d.rate, duration = d.durationSeconds, warmup = d.warmupSeconds, ceiling = d.ceilingSeconds;
        long requests = d.requests, seed = d.seed;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--url" -> url = value(args, ++i, flag);
                case "--clients" -> clients = (int) whole(args, ++i, flag);
                case "--rate" -> rate = decimal(args, ++i, flag);
                case "--duration" -> duration = decimal(args, ++i, flag);
                case "--requests" -> requests = whole(args, ++i, flag);
                case "--seed" -> seed = whole(args, ++i, flag);
                case "--accounts" -> accounts = (int) whole(args, ++i, flag);
                case "--reads" -> reads = (int) whole(args, ++i, flag);
                case "--warmup" -> warmup = decimal(args, ++i, flag);
                case "--ceiling-seconds" -> ceiling = decimal(args, ++i, flag);
                case "--no-ceiling" -> ceiling = 0;
                default -> throw new IllegalArgumentException("unknown flag: " + flag + " (try --help)");
            }
        }
        return new LoadOptions(url, clients, rate, duration, requests, seed, accounts, reads, warmup, ceiling);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static long whole(String[] args, int i, String flag) {
        String value = value(args, i, flag);
        try {
            long n = Long.parseLong(value);
            // Checked here so that a huge --clients is not silently truncated by the int cast.
            require(Math.abs(n) <= Integer.MAX_VALUE || flag.equals("--requests") || flag.equals("--seed"),
                    flag + " is out of range: " + value);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'");
        }
    }

    private static double decimal(String[] args, int i, String flag) {
        String value = value(args, i, flag);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, got '" + value + "'");
        }
    }

    private static String checkedUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--url is not a URL: " + url);
        }
        require("http".equals(uri.getScheme()) && uri.getHost() != null,
                "--url must look like http://host:port, got " + url);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
