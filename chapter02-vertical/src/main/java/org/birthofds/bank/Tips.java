package org.birthofds.bank;

/** What Main prints after it starts: where things are, and what to try next. */
final class Tips {
    private Tips() {
    }

    static String forNode(Flags flags, BankNode node) {
        String url = node.url();
        String json = " -H 'Content-Type: application/json'";
        String storage = flags.memoryOnly()
                ? "memory only: a restart forgets every balance"
                : flags.dataDir().toAbsolutePath().resolve(Journal.FILE_NAME) + " (forced to disk before each answer,"
                        + " forces shared by concurrent writers, " + node.replayed() + " records replayed)";
        return String.join("\n",
                "  storage: " + storage,
                "  cpu:     " + flags.workers() + " workers on " + Runtime.getRuntime().availableProcessors() + " cores"
                        + work(flags) + ", accounts locked " + flags.locking().flag(),
                "",
                "Try:",
                "  curl -s -XPOST " + url + "/accounts" + json + " -d '{\"id\":\"alice\"}'",
                "  curl -s -XPOST " + url + "/accounts/alice/deposits" + json + " -d '{\"amount\":500}'",
                "  curl -s " + url + "/accounts",
                "Then put load on it from another terminal, and watch the invariant line at the end:",
                "  mvn -q -pl chapter02-vertical compile exec:java@load -Dexec.args=\"--url " + url + " --clients 16 --duration 10\"",
                "Restart with --locking none (chapter 1's bank with many workers) and the same load loses money;",
                "with --locking argument-order and --data, it deadlocks: jstack <pid> finds the cycle.",
                "Press Ctrl-C to stop.");
    }

    private static String work(Flags flags) {
        String waiting = flags.workPerRequest().isZero() ? "" : ", " + flags.workPerRequest().toMillis() + " ms of waiting";
        String cpu = flags.cpuPerRequest().isZero() ? "" : ", " + flags.cpuPerRequest().toMillis() + " ms of CPU";
        return waiting + cpu + (waiting.isEmpty() && cpu.isEmpty() ? "" : " per request");
    }
}
