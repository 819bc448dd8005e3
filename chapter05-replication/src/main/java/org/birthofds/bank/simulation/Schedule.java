package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, derived from its seed (or written by hand for a failure-mode test):
 * how lossy the network is, and what crashes, restarts and partitions when. Printed in every
 * failure report; dropping faults one at a time ({@link #without}) shrinks a failing run.
 */
public record Schedule(Scenario scenario, double drop, double duplicate, int minDelay, int maxDelay, List<Fault> faults) {
    public Schedule {
        faults = List.copyOf(faults);
    }

    /** Seeded kinds of trouble; a seed picks one ({@link #of(long)}) so a seed alone replays a run. */
    public enum Scenario { CALM, CRASHES, PARTITIONS, LOSSY, RESTARTS, MIXED }

    public static Scenario scenarioOf(long seed) {
        return Scenario.values()[(int) Math.floorMod(seed, Scenario.values().length)];
    }

    public static Schedule of(long seed, Options options) {
        Scenario scenario = scenarioOf(seed);
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + 7);
        boolean lossy = scenario == Scenario.LOSSY || scenario == Scenario.MIXED;
        double drop = lossy ? 0.02 + random.nextDouble() * 0.15 : 0;
        double duplicate = lossy ? random.nextDouble() * 0.1 : 0;
        int maxDelay = lossy ? 10 + random.nextInt(40) : 5;
        List<Fault> faults = new ArrayList<>();
        switch (scenario) {
            case CALM, LOSSY -> { }
            case CRASHES -> crashes(random, options, faults, false);
            case PARTITIONS -> partitions(random, options, faults);
            case RESTARTS -> crashes(random, options, faults, true);
            case MIXED -> {
                crashes(random, options, faults, random.nextBoolean());
                partitions(random, options, faults);
            }
        }
        faults.sort((a, b) -> Long.compare(a.at(), b.at()));
        return new Schedule(scenario, drop, duplicate, 1, maxDelay, faults);
    }

    public static Schedule reliable(List<Fault> faults) {
        return new Schedule(Scenario.CALM, 0, 0, 1, 5, faults);
    }

    public Schedule lossy(double drop, double duplicate, int maxDelay) {
        return new Schedule(scenario, drop, duplicate, minDelay, maxDelay, faults);
    }

    public Schedule without(int fault) {
        List<Fault> fewer = new ArrayList<>(faults);
        fewer.remove(fault);
        return new Schedule(scenario, drop, duplicate, minDelay, maxDelay, fewer);
    }

    /** Replicas, a group's leader, a logic node, or a coordinator at one of the armed points of its protocol. */
    private static void crashes(Random random, Options options, List<Fault> faults, boolean torn) {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            long at = 300 + random.nextInt((int) Math.max(1, options.loadMillis() - 600));
            long down = 50 + random.nextInt(800);
            String group = "s" + (1 + random.nextInt(options.shards()));
            String node = group + "n" + (1 + random.nextInt(options.replicas()));
            int roll = random.nextInt(12);
            if (roll < 3) {
                faults.add(Fault.crashLeader(at, group));
            } else if (roll == 3 && options.shards() > 1) {
                faults.add(Fault.crashCoordinator(at));
            } else if (roll == 4 && options.shards() > 1) {
                faults.add(Fault.crashPayerLeader(at));
            } else if (roll == 6 && options.shards() > 1) {
                faults.add(Fault.pauseCoordinator(at, 800 + random.nextInt(700))); // around the recovery passes' in-doubt time
            } else if (roll == 5) {
                String logic = "l" + (1 + random.nextInt(options.logicNodes()));
                faults.add(Fault.crash(at, logic));
                faults.add(Fault.restart(at + down, logic));
            } else {
                faults.add(torn && random.nextBoolean() ? Fault.crashTorn(at, node) : Fault.crash(at, node));
                faults.add(Fault.restart(at + down, node));
            }
        }
    }

    /** Within one group (the others, and the logic nodes, join the far side), now and then with a logic node. */
    private static void partitions(Random random, Options options, List<Fault> faults) {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            long at = 200 + random.nextInt((int) Math.max(1, options.loadMillis() - 600));
            String group = "s" + (1 + random.nextInt(options.shards()));
            List<String> side = new ArrayList<>();
            for (int n = 1; n <= options.replicas(); n++) {
                if (random.nextInt(3) == 0) {
                    side.add(group + "n" + n);
                }
            }
            if (side.isEmpty()) {
                side.add(group + "n" + (1 + random.nextInt(options.replicas())));
            }
            if (random.nextInt(4) == 0) {
                side.add("l" + (1 + random.nextInt(options.logicNodes())));
            }
            faults.add(random.nextInt(3) == 0 ? Fault.isolateLeader(at, group, List.of(), List.of())
                    : Fault.partition(at, side, List.of()));
            faults.add(Fault.heal(at + 100 + random.nextInt(1200)));
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("scenario " + scenario + ": network drops " + pct(drop) + ", duplicates "
                + pct(duplicate) + ", delays " + minDelay + "-" + maxDelay + " ms");
        if (faults.isEmpty()) {
            out.append("; no faults");
        }
        faults.forEach(fault -> out.append("\n    ").append(fault));
        return out.toString();
    }

    private static String pct(double p) {
        return String.format("%.1f%%", p * 100);
    }
}
