package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, derived from its seed (or written by hand for a failure-mode test):
 * how lossy the network is, and what crashes, restarts and partitions when. Printed in every
 * failure report; dropping faults one at a time ({@link #without}) shrinks a failing run.
 */
public record Schedule(Scenario scenario, double drop, double duplicate, double late, int minDelay, int maxDelay,
                       List<Fault> faults, boolean oneLostForGood) {
    public Schedule {
        faults = List.copyOf(faults);
    }

    /**
     * Seeded kinds of trouble; a seed picks one ({@link #scenarioOf}) so a seed alone replays a run.
     * CRASHES and RESTARTS also crash replicas in the middle of carrying out a batch; PAUSES freezes
     * replicas and leaders for up to several election timeouts; LATE delivers some replica messages
     * (and copies of them) that long after they left, while leaders change; CHURN cuts off or
     * crashes one leader after another, each deposed with entries only it holds, on a network that
     * repeats messages.
     */
    public enum Scenario { CALM, CRASHES, PARTITIONS, LOSSY, RESTARTS, PAUSES, LATE, CHURN, MIXED }

    public static Scenario scenarioOf(long seed) {
        return Scenario.values()[(int) Math.floorMod(seed, Scenario.values().length)];
    }

    public static Schedule of(long seed, Options options) {
        Scenario scenario = scenarioOf(seed);
        Random random = Seeds.random(seed, Seeds.SCHEDULE, 0);
        boolean lossy = scenario == Scenario.LOSSY || scenario == Scenario.CHURN || scenario == Scenario.MIXED;
        boolean late = scenario == Scenario.LATE || scenario == Scenario.MIXED;
        double drop = lossy ? 0.02 + random.nextDouble() * 0.15 : 0;
        double duplicate = lossy || late ? random.nextDouble() * 0.1 : 0;
        double lateShare = scenario == Scenario.LATE ? 0.05 + random.nextDouble() * 0.15 : late ? 0.005 + random.nextDouble() * 0.03 : 0;
        int maxDelay = lossy ? 10 + random.nextInt(40) : 5;
        List<Fault> faults = new ArrayList<>();
        switch (scenario) {
            case CALM, LOSSY -> { }
            case CRASHES -> crashes(random, options, faults, false);
            case PARTITIONS -> partitions(random, options, faults);
            case RESTARTS -> crashes(random, options, faults, true);
            case PAUSES -> pauses(random, options, faults);
            case LATE -> leadersLost(random, options, faults);
            case CHURN -> churn(random, options, faults);
            case MIXED -> {
                crashes(random, options, faults, random.nextBoolean());
                partitions(random, options, faults);
                pauses(random, options, faults);
            }
        }
        // Half the runs heal with one machine of each group gone for good: a majority must still serve.
        boolean oneLostForGood = random.nextBoolean();
        if (options.compacts()) {
            compaction(Seeds.random(seed, Seeds.COMPACTION, 1), options, faults);
        }
        Random members = Seeds.random(seed, Seeds.MEMBERSHIP, 0);
        if (members.nextBoolean()) {
            membership(members, options, faults);
            oneLostForGood = false; // a machine replaced is one lost for good already
        } else if (members.nextInt(3) == 0) {
            long at = 300 + members.nextInt((int) Math.max(1, options.loadMillis() - 1500));
            faults.add(Fault.loseDisk(at, "s" + (1 + members.nextInt(options.shards()))));
            oneLostForGood = false; // its disk is lost already
        }
        faults.sort((a, b) -> Long.compare(a.at(), b.at()));
        return new Schedule(scenario, drop, duplicate, lateShare, 1, maxDelay, faults, oneLostForGood);
    }

    public static Schedule reliable(List<Fault> faults) {
        return new Schedule(Scenario.CALM, 0, 0, 0, 1, 5, faults, false);
    }

    public Schedule lossy(double drop, double duplicate, int maxDelay) {
        return new Schedule(scenario, drop, duplicate, late, minDelay, maxDelay, faults, oneLostForGood);
    }

    public Schedule without(int fault) {
        List<Fault> fewer = new ArrayList<>(faults);
        fewer.remove(fault);
        return new Schedule(scenario, drop, duplicate, late, minDelay, maxDelay, fewer, oneLostForGood);
    }

    /** Replicas, a group's leader, a logic node, or a coordinator at one of the armed points of its protocol. */
    private static void crashes(Random random, Options options, List<Fault> faults, boolean torn) {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            long at = 300 + random.nextInt((int) Math.max(1, options.loadMillis() - 600));
            long down = 50 + random.nextInt(800);
            String group = "s" + (1 + random.nextInt(options.shards()));
            String node = group + "n" + (1 + random.nextInt(options.replicas()));
            int roll = random.nextInt(16);
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
            } else if (roll >= 12) {
                // between any two steps of a batch: after the write and before the force, or after
                // some of its messages have left and before the rest
                if (roll >= 14) {
                    faults.add(Fault.crashLeaderMidBatch(at, group));
                } else {
                    faults.add(Fault.crashMidBatch(at, node));
                    faults.add(Fault.restart(at + down, node));
                }
            } else {
                faults.add(torn && random.nextBoolean() ? Fault.crashTorn(at, node) : Fault.crash(at, node));
                faults.add(Fault.restart(at + down, node));
            }
        }
    }

    /**
     * Within one group (the others, and the logic nodes, join the far side), now and then with a logic node;
     * or a group's leader cut off, alone or with a logic node and the client that uses it.
     */
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
            if (random.nextInt(3) == 0) { // the leader alone, or with a logic node and its client, who read from it
                int k = 1 + random.nextInt(Math.min(options.logicNodes(), options.clients()));
                faults.add(Fault.isolateLeader(at, group, random.nextBoolean() ? List.of("l" + k, "c" + k) : List.of(),
                        List.of()));
            } else {
                faults.add(Fault.partition(at, side, List.of()));
            }
            faults.add(Fault.heal(at + 100 + random.nextInt(1200)));
        }
    }

    /** Replicas or a group's leader frozen (as by SIGSTOP) for up to several election timeouts, then thawed. */
    private static void pauses(Random random, Options options, List<Fault> faults) {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            long at = 200 + random.nextInt((int) Math.max(1, options.loadMillis() - 600));
            long millis = 100 + random.nextInt(1400);
            String group = "s" + (1 + random.nextInt(options.shards()));
            faults.add(random.nextBoolean() ? Fault.pauseLeader(at, group, millis)
                    : Fault.pause(at, group + "n" + (1 + random.nextInt(options.replicas())), millis));
        }
    }

    /**
     * Replicas' links stall while leaders crash or are cut off, so that terms move on while votes
     * and acknowledgements of past terms are still on their way.
     */
    private static void leadersLost(Random random, Options options, List<Fault> faults) {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            long at = 200 + random.nextInt((int) Math.max(1, options.loadMillis() - 600));
            String group = "s" + (1 + random.nextInt(options.shards()));
            faults.add(Fault.stall(at - random.nextInt(200), group + "n" + (1 + random.nextInt(options.replicas())),
                    150 + random.nextInt(1000)));
            switch (random.nextInt(3)) {
                case 0 -> faults.add(Fault.crashLeader(at, group));
                case 1 -> faults.add(Fault.pauseLeader(at, group, 200 + random.nextInt(800)));
                default -> {
                    faults.add(Fault.isolateLeader(at, group, List.of(), List.of()));
                    faults.add(Fault.heal(at + 200 + random.nextInt(800)));
                }
            }
        }
    }

    /**
     * Leader after leader lost: cut off alone (its clients still reach it, so it appends entries
     * nobody else holds) or crashed in the middle of a batch, then back, while the next leader
     * replicates over the old ones' leftovers (the paper's figure 8 is one such run).
     */
    private static void churn(Random random, Options options, List<Fault> faults) {
        long at = 200 + random.nextInt(300);
        while (at < options.loadMillis() - 300) {
            String group = "s" + (1 + random.nextInt(options.shards()));
            long lasts = 150 + random.nextInt(450);
            switch (random.nextInt(6)) {
                case 0 -> {
                    faults.add(Fault.isolateLeader(at, group, List.of(), List.of()));
                    faults.add(Fault.heal(at + lasts));
                }
                case 1 -> faults.add(Fault.crashLeaderMidBatch(at, group));
                case 2 -> faults.add(Fault.crashLeaderOnCommit(at, group));
                case 3 -> faults.add(Fault.crashNextLeaderOnElection(at, group));
                case 4 -> {
                    faults.add(Fault.crashLeaderMidBatch(at, group)); // an election comes, and a voter dies in it
                    faults.add(Fault.crashNextVoter(at, group));
                }
                default -> {
                    // The paper's figure 8, drawn: a leader cut off with entries only it holds; the
                    // next one dies as it wins, its no-op on its own disk; once healed, the leader
                    // after that dies as it first commits; then all of them are back.
                    faults.add(Fault.isolateLeader(at, group, List.of(), List.of()));
                    faults.add(Fault.crashNextLeaderOnElection(at, group));
                    faults.add(Fault.heal(at + lasts));
                    faults.add(Fault.crashLeaderOnCommit(at + lasts, group));
                    lasts += 300;
                }
            }
            faults.add(Fault.restartGroup(at + lasts + random.nextInt(300), group));
            at += 20 + random.nextInt(300); // the next may strike before this one is over
        }
    }

    /**
     * Where compaction can go wrong: a replica cut off long enough that its leader throws away the
     * entries it misses (it can only catch up from a snapshot, sent in pieces over whatever network
     * the scenario has), and every replica of a group crashed as it compacts, twice, each coming
     * back on its snapshot and what is left of its journal.
     */
    private static void compaction(Random random, Options options, List<Fault> faults) {
        String group = "s" + (1 + random.nextInt(options.shards()));
        if (random.nextInt(3) > 0) {
            long at = 200 + random.nextInt(800);
            faults.add(Fault.partition(at, List.of(group + "n" + (1 + random.nextInt(options.replicas()))), List.of()));
            faults.add(Fault.heal(at + 800 + random.nextInt(1200)));
        }
        if (random.nextInt(3) > 0) {
            long at = 200 + random.nextInt((int) Math.max(1, options.loadMillis() / 2));
            faults.add(Fault.crashOnCompaction(at, group, 50 + random.nextInt(300)));
            faults.add(Fault.crashOnCompaction(at + 400 + random.nextInt(600), group, 50 + random.nextInt(300)));
        }
    }

    /**
     * A machine replaced (a follower, or the leader), one added and the leader removed, or a
     * follower replaced while another is cut off: the group changes its members while it serves,
     * and the other faults of the run go on around it.
     */
    private static void membership(Random random, Options options, List<Fault> faults) {
        String group = "s" + (1 + random.nextInt(options.shards()));
        long at = 300 + random.nextInt((int) Math.max(1, options.loadMillis() - 1500));
        switch (random.nextInt(5)) {
            case 0 -> faults.add(Fault.replaceFollower(at, group, random.nextInt(10)));
            case 4 -> {
                faults.add(Fault.raftDev2015(Math.min(at, 800), group));
                faults.add(Fault.heal(Math.min(at, 800) + 1800));
            }
            case 1 -> faults.add(Fault.replaceLeader(at, group));
            case 2 -> {
                faults.add(Fault.grow(at, group));
                faults.add(Fault.removeLeader(at + 400 + random.nextInt(400), group));
            }
            default -> {
                faults.add(Fault.partition(at - 50, List.of(group + "n" + (1 + random.nextInt(options.replicas()))), List.of()));
                faults.add(Fault.replaceFollower(at, group, random.nextInt(10)));
                faults.add(Fault.heal(at + 300 + random.nextInt(600)));
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("scenario " + scenario + ": network drops " + pct(drop) + ", duplicates "
                + pct(duplicate) + ", delays " + minDelay + "-" + maxDelay + " ms" + (late == 0 ? ""
                : ", " + pct(late) + " of replica messages late by " + Network.LATE_MIN_MS + "-" + Network.LATE_MAX_MS + " ms"));
        if (faults.isEmpty()) {
            out.append("; no faults");
        }
        if (oneLostForGood) {
            out.append("; at the heal, one replica of each group is lost for good");
        }
        faults.forEach(fault -> out.append("\n    ").append(fault));
        return out.toString();
    }

    private static String pct(double p) {
        return String.format("%.1f%%", p * 100);
    }
}
