package org.birthofds.bank;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three tiers, each in a JVM of its own as if on a machine of its own, started back to
 * front (data, logic, website) so that each finds the one behind it, and stopped front to back.
 * The ports stay the same across a restart, so the tier in front never needs to be told.
 */
final class Launcher {
    record Tier(String name, Class<?> main, List<String> flags) {
    }

    private final List<Tier> tiers;
    private final Map<String, TierProcess> running = new LinkedHashMap<>();

    Launcher(List<Tier> backToFront) {
        this.tiers = backToFront;
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
}
