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
                : flags.dataDir().toAbsolutePath().resolve(Journal.FILE_NAME) + " (forced to disk before each answer, "
                        + node.replayed() + " records replayed)";
        return String.join("\n",
                "  storage: " + storage,
                "  cpu:     one worker, every request in turn" + (flags.workPerRequest().isZero() ? ""
                        : ", " + flags.workPerRequest().toMillis() + " ms of simulated work each"),
                "",
                "Try:",
                "  curl -s -XPOST " + url + "/accounts" + json + " -d '{\"id\":\"alice\"}'",
                "  curl -s -XPOST " + url + "/accounts" + json + " -d '{\"id\":\"bob\"}'",
                "  curl -s -XPOST " + url + "/accounts/alice/deposits" + json + " -d '{\"amount\":500}'",
                "  curl -s -XPOST " + url + "/transfers" + json + " -d '{\"from\":\"alice\",\"to\":\"bob\",\"amount\":200}'",
                "  curl -s " + url + "/accounts",
                "Then kill -9 this process, start it again with the same --data, and list the accounts:",
                "every acknowledged write is still there. With --memory-only, nothing is.",
                "Press Ctrl-C to stop.");
    }
}
