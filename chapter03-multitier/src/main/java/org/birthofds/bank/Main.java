package org.birthofds.bank;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 3: the bank split by task into three tiers, each its own server process: the data tier
 * (the accounts and their journal), the logic tier (the rules and the public API) and the
 * website. Starts all three, says what to try, and stops them all on Ctrl-C. Each tier can also
 * be started alone: DataMain, LogicMain and WebsiteMain.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "Usage: Main [--data DIR | --memory-only]",
            "  --data DIR      where the data tier keeps its journal (default ./bank-data)",
            "  --memory-only   the data tier keeps balances in memory only",
            "Ports: website 8080, logic tier (the public API) 7070, data tier 7071, all on 127.0.0.1.",
            "To choose other ports or flags, start the tiers alone: see the chapter's README.");
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> dataFlags;
        try {
            dataFlags = dataFlags(Flags.parse(Set.of("--data"), Set.of("--memory-only"), args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Launcher launcher = new Launcher(List.of(
                new Launcher.Tier("data", DataMain.class, dataFlags),
                new Launcher.Tier("logic", LogicMain.class, List.of("--port", "7070", "--data-url", "http://127.0.0.1:7071")),
                new Launcher.Tier("website", WebsiteMain.class, List.of("--port", "8080", "--logic-url", "http://127.0.0.1:7070"))));
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stopAll));
        try {
            launcher.startAll();
        } catch (IOException e) {
            log.error("Could not start: {}", e.getMessage().lines().findFirst().orElse("")); // its output is above
            System.exit(1); // the shutdown hook stops the tiers that did start
        }
        System.out.println(Tips.forLauncher(launcher));
        obey(launcher);
    }

    private static List<String> dataFlags(Flags given) {
        List<String> flags = new ArrayList<>(List.of("--port", "7071", "--workers", "16"));
        if (given.on("--memory-only")) {
            flags.add("--memory-only");
        } else {
            flags.addAll(List.of("--data", given.text("--data", "bank-data")));
        }
        return flags;
    }

    /** Reads "restart logic" and the like from the terminal, until it closes. */
    private static void obey(Launcher launcher) throws InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 2 && words[0].equals("restart")) {
                    restart(launcher, words[1]);
                } else if (!line.isBlank()) {
                    System.out.println("Type 'restart data', 'restart logic' or 'restart website', or Ctrl-C to stop.");
                }
            }
        } catch (IOException e) {
            log.warn("Reading the terminal: {}", e.getMessage());
        }
        new CountDownLatch(1).await(); // no terminal (stdin closed): keep serving until Ctrl-C
    }

    private static void restart(Launcher launcher, String tier) throws InterruptedException {
        try {
            long started = System.nanoTime();
            launcher.restart(tier);
            System.out.printf("Restarted the %s tier in %d ms (pid %d)%n", tier, (System.nanoTime() - started) / 1_000_000,
                    launcher.pid(tier));
        } catch (IllegalArgumentException | IOException e) {
            System.out.println(e.getMessage());
        }
    }
}
