package org.birthofds.bank.tiers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.birthofds.bank.Chapter;
import org.birthofds.bank.Main;
import org.birthofds.bank.logic.LogicMain;
import org.birthofds.bank.node.CommandLine;
import org.birthofds.bank.website.WebsiteMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 3: the bank split by task into three tiers, each its own server process: the data tier
 * (the accounts and their journal), the logic tier (the rules and the public API) and the
 * website. Each runs in a JVM of its own, as if on a machine of its own, started back to front
 * (data, logic, website) so that each finds the one behind it, and stopped front to back. The
 * ports stay the same across a restart, so the tier in front never needs to be told. Each tier
 * can also be started alone: {@link Main}, {@link LogicMain} and {@link WebsiteMain}.
 */
public final class Launcher {
    static final String USAGE = String.join("\n",
            "Usage: Launcher [--data DIR | --memory-only]",
            "  --data DIR      where the data tier keeps its journal (default ./" + Chapter.DEFAULT_DATA
                    + ", this chapter's own)",
            "  --memory-only   the data tier keeps balances in memory only",
            "Ports: website 8080, logic tier (the public API) 7070, data tier 7071, all on 127.0.0.1.",
            "To choose other ports or flags, start the tiers alone: see the chapter's README.");
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    record Tier(String name, Class<?> main, List<String> flags) {
    }

    private final List<Tier> tiers;
    private final Map<String, TierProcess> running = new LinkedHashMap<>();

    Launcher(List<Tier> backToFront) {
        this.tiers = backToFront;
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> dataFlags;
        try {
            dataFlags = dataFlags(CommandLine.parse(Set.of("--data"), Set.of("--memory-only"), args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Launcher launcher = new Launcher(List.of(
                new Tier("data", Main.class, dataFlags),
                new Tier("logic", LogicMain.class, List.of("--port", "7070", "--data-url", "http://127.0.0.1:7071")),
                new Tier("website", WebsiteMain.class, List.of("--port", "8080", "--logic-url", "http://127.0.0.1:7070"))));
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stopAll));
        try {
            launcher.startAll();
        } catch (IOException e) {
            log.error("Could not start: {}", e.getMessage().lines().findFirst().orElse("")); // its output is above
            System.exit(1); // the shutdown hook stops the tiers that did start
        }
        System.out.println(Tips.forLauncher(launcher));
        launcher.obey();
    }

    private static List<String> dataFlags(CommandLine given) {
        List<String> flags = new ArrayList<>(List.of("--port", "7071", "--workers", "16"));
        if (given.on("--memory-only")) {
            flags.add("--memory-only");
        } else {
            flags.addAll(List.of("--data", given.text("--data", Chapter.DEFAULT_DATA.toString())));
        }
        return flags;
    }

    synchronized void startAll() throws IOException {
        for (Tier tier : tiers) {
            running.put(tier.name(), start(tier));
        }
    }

    /** Stops one tier and starts it again on the same port, while the others keep running. */
    synchronized void restart(String name) throws IOException, InterruptedException {
        Tier tier = tiers.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No tier named '" + name + "'; try data, logic or website."));
        running.remove(name).stop();
        running.put(name, start(tier));
    }

    synchronized void stopAll() {
        List<String> frontToBack = new ArrayList<>(running.keySet());
        Collections.reverse(frontToBack);
        for (String name : frontToBack) {
            try {
                running.remove(name).stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized String url(String name) {
        return running.get(name).url();
    }

    synchronized long pid(String name) {
        return running.get(name).pid();
    }

    private static TierProcess start(Tier tier) throws IOException {
        String prefix = String.format("[%-7s] ", tier.name());
        return TierProcess.start(tier.main(), tier.flags(), line -> System.out.println(prefix + line));
    }

    /** Reads "restart logic" and the like from the terminal, until it closes. */
    private void obey() throws InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 2 && words[0].equals("restart")) {
                    restartAndSay(words[1]);
                } else if (!line.isBlank()) {
                    System.out.println("Type 'restart data', 'restart logic' or 'restart website', or Ctrl-C to stop.");
                }
            }
        } catch (IOException e) {
            log.warn("Reading the terminal: {}", e.getMessage());
        }
        new CountDownLatch(1).await(); // no terminal (stdin closed): keep serving until Ctrl-C
    }

    private void restartAndSay(String tier) throws InterruptedException {
        try {
            long started = System.nanoTime();
            restart(tier);
            System.out.printf("Restarted the %s tier in %d ms (pid %d)%n", tier, (System.nanoTime() - started) / 1_000_000,
                    pid(tier));
        } catch (IllegalArgumentException | IOException e) {
            System.out.println(e.getMessage());
        }
    }
}
