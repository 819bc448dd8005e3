package org.birthofds.bank.tiers;

/** What the launcher prints once the three tiers serve: where they are, and what to try next. */
final class Tips {
    private Tips() {
    }

    static String forLauncher(Launcher tiers) {
        String api = tiers.url("logic");
        String json = " -H 'Content-Type: application/json'";
        return String.join("\n",
                "",
                "The bank, as three tiers in three JVMs:",
                "  website  " + tiers.url("website") + "  pid " + tiers.pid("website") + "  open it in a browser",
                "  logic    " + api + "  pid " + tiers.pid("logic") + "  the public API (README.md, \"The API\")",
                "  data     " + tiers.url("data") + "  pid " + tiers.pid("data") + "  internal: only the logic tier calls it",
                "",
                "Try:",
                "  curl -s -XPOST " + api + "/accounts" + json + " -d '{\"id\":\"alice\"}'",
                "  curl -s -XPOST " + api + "/accounts/alice/deposits" + json + " -H 'Idempotency-Key: dep-1' -d '{\"amount\":500}'",
                "    (send it again: the same answer, and the money arrives once)",
                "  type 'restart logic' here: the logic tier restarts with nothing to replay, the data tier runs on",
                "  kill -STOP " + tiers.pid("data") + "  hangs the data tier: the API answers 503 within 2 s, the website",
                "    its 'temporarily unavailable' page; kill -CONT " + tiers.pid("data") + " resumes it",
                "  mvn -q -pl chapter03-multitier exec:java@load -Dexec.args=\"--url " + api + " --clients 16 --duration 10\"",
                "Press Ctrl-C to stop all three.");
    }
}
