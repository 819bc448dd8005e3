package org.birthofds.bank.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.birthofds.bank.checks.BankCheck;
import org.birthofds.bank.checks.RaftCheck;
import org.birthofds.bank.checks.TwoPhaseCheck;
import org.birthofds.bank.checks.History;
import org.birthofds.bank.checks.Linearizability;
import org.birthofds.bank.checks.History.Call;
import org.birthofds.bank.checks.History.Op;
import org.birthofds.bank.replication.Config.SnapshotPolicy;
import org.birthofds.bank.replication.Durable;
import org.birthofds.bank.replication.Effect;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Message;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.replication.Snapshot;

/**
 * One seeded run through every checker: Raft's safety properties online in each shard group, the
 * two-phase commit's across groups, then the bank check and the linearizability check on the
 * clients' history, and liveness apart from safety (a cluster that never recovers is "stuck",
 * not "unsafe"). The verdict carries the failure report.
 */
final class Trial {
    static final long LINEARIZABILITY_BUDGET_MILLIS = 5_000;
    private static final String NO_FINAL_READ = "No read-all was answered";

    record Verdict(Run run, History history, List<RaftCheck.Violation> raft, TwoPhaseCheck transfers, BankCheck.Result bank,
                   Linearizability.Result linearizability, String report) {
        /** Safety apart from liveness: a stuck run's missing final read is not a lost write. */
        boolean safe() {
            return run.error() == null && raft.isEmpty() && transfers.problems().isEmpty() && bankSafe()
                    && linearizability.verdict() != Linearizability.Verdict.NOT_LINEARIZABLE;
        }

        /** A run that never recovered has no final read: its absence is no lost write. */
        private boolean bankSafe() {
            return bank.passed() || (!run.live() && bank.problems().stream().allMatch(p -> p.startsWith(NO_FINAL_READ)));
        }

        boolean live() {
            return run.live();
        }

        boolean passed() {
            return safe() && live();
        }

        /** Which checker failed it first, in the report's order: for the table of broken rules. */
        String caughtBy() {
            if (run.error() != null) {
                return "stopped early";
            }
            if (!raft.isEmpty()) {
                return raft.get(0).property().title;
            }
            if (!transfers.problems().isEmpty()) {
                return "two-phase commit";
            }
            if (!bankSafe()) {
                return "bank";
            }
            return linearizability.verdict() == Linearizability.Verdict.NOT_LINEARIZABLE ? "Linearizability" : "stuck";
        }

        void assertPassed() {
            if (!passed()) {
                throw new AssertionError(report);
            }
        }
    }

    private Trial() {
    }

    static Verdict run(long seed, Options options, String testClass) {
        return run(seed, options, testClass, false);
    }

    /**
     * {@code halt}: stop at the first violation of Raft's safety, which is then the report's first
     * problem (a sweep's choice, for speed); else run to the end, to see what the clients saw.
     */
    static Verdict run(long seed, Options options, String testClass, boolean halt) {
        Simulator simulator = new Simulator(seed, options);
        History history = new History(simulator::now);
        Map<String, RaftCheck> raft = new TreeMap<>();
        TwoPhaseCheck transfers = new TwoPhaseCheck();
        Run run = simulator.run(new Recorder(history, raft, transfers, options.config().snapshots(), halt));
        String replay = Report.replay(testClass, seed);
        BankCheck.Result bank = BankCheck.check(history, seed, replay);
        List<RaftCheck.Violation> raftProblems = new ArrayList<>(); // replica ids name their group: s1n2 is in s1
        raft.values().forEach(check -> raftProblems.addAll(check.problems()));
        raftProblems.sort((a, b) -> Long.compare(a.time(), b.time()));
        // The costliest check, and pointless once the log itself is broken: the first violation is the cause.
        Linearizability.Result linearizability = raftProblems.isEmpty() && run.error() == null
                ? Linearizability.check(history, run.marks(), testClass + "-seed-" + seed, LINEARIZABILITY_BUDGET_MILLIS)
                : new Linearizability.Result(Linearizability.Verdict.UNKNOWN, "not checked: "
                        + (run.error() != null ? "the run stopped early" : "Raft's safety failed first"), null);
        List<String> problems = new ArrayList<>();
        if (run.error() != null) {
            problems.add("the run stopped early: " + run.error());
        }
        raftProblems.forEach(p -> problems.add("unsafe (Raft): " + p));
        transfers.problems().forEach(p -> problems.add("unsafe (two-phase commit): " + p));
        boolean cutShort = run.error() != null || run.halted(); // its clients never got to their final read
        boolean onlyNoFinalRead = bank.problems().stream().allMatch(p -> p.startsWith(NO_FINAL_READ));
        if (!bank.passed() && !(cutShort && onlyNoFinalRead)) {
            problems.add((run.live() ? "unsafe (bank): " : "bank, while stuck: ") + bank.report());
        }
        if (linearizability.verdict() != Linearizability.Verdict.LINEARIZABLE) {
            problems.add((linearizability.verdict() == Linearizability.Verdict.UNKNOWN ? "note: " : "unsafe: ")
                    + linearizability.message());
        }
        if (run.stuck() != null) {
            problems.add(run.stuck());
        }
        return new Verdict(run, history, List.copyOf(raftProblems), transfers, bank, linearizability,
                Report.of(run, testClass, problems));
    }

    /**
     * A seed must be a run: null if two runs of it write the same event log, line for line, else
     * where they part (a HashMap's order, a clock read, a shared random generator...).
     */
    static String nondeterminism(long seed, Options options) {
        List<String> first = new Simulator(seed, options.withEventLog()).run(new Observer() { }).eventLog();
        List<String> second = new Simulator(seed, options.withEventLog()).run(new Observer() { }).eventLog();
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            String a = i < first.size() ? first.get(i) : "(the end)";
            String b = i < second.size() ? second.get(i) : "(the end)";
            if (!a.equals(b)) {
                return "seed " + seed + " is not one run: its two runs part at event " + (i + 1) + ":\n    " + a + "\n    " + b;
            }
        }
        return null;
    }

    /**
     * Shrinks a failing schedule: drops its faults one at a time, keeping each drop after which
     * the run still fails, until no single fault can go. The seed stays; the failure may change
     * shape, so {@code fails} should name the failure that matters.
     */
    static Schedule shrink(long seed, Options options, Predicate<Verdict> fails) {
        Schedule schedule = options.schedule() != null ? options.schedule()
                : Schedule.of(seed, options);
        boolean dropped = true;
        while (dropped) {
            dropped = false;
            for (int i = schedule.faults().size() - 1; i >= 0; i--) {
                Schedule fewer = schedule.without(i);
                if (fails.test(run(seed, options.withSchedule(fewer), "Shrink"))) {
                    schedule = fewer;
                    dropped = true;
                }
            }
        }
        return schedule;
    }

    /** The simulator's observations, turned into a History (for the client checks) and fed to each group's RaftCheck. */
    private static final class Recorder implements Observer {
        private final History history;
        private final Map<String, RaftCheck> raft;
        private final TwoPhaseCheck transfers;
        private final Map<Long, Call> calls = new HashMap<>();
        private final SnapshotPolicy snapshots;
        private final boolean halt;
        private boolean unsafe;

        Recorder(History history, Map<String, RaftCheck> raft, TwoPhaseCheck transfers, SnapshotPolicy snapshots,
                 boolean halt) {
            this.history = history;
            this.raft = raft;
            this.transfers = transfers;
            this.snapshots = snapshots;
            this.halt = halt;
        }

        @Override
        public boolean halted() {
            if (halt && !unsafe) {
                for (RaftCheck check : raft.values()) { // after every event: no stream
                    unsafe |= check.violated();
                }
            }
            return unsafe;
        }

        @Override
        public void invoked(long call, String client, Operation op) {
            calls.put(call, history.invoke(client, switch (op.kind()) {
                case DEPOSIT -> Op.deposit(op.account(), op.amount());
                case WITHDRAW -> Op.withdraw(op.account(), op.amount());
                case TRANSFER -> Op.transfer(op.account(), op.to(), op.amount());
                case READ_ONE -> Op.readOne(op.account());
                case READ_ALL -> Op.readAll();
            }));
        }

        @Override
        public void completed(long id, Completion completion, Map<String, Long> balances) {
            Call call = calls.remove(id);
            switch (completion) {
                case OK -> {
                    if (call.op().isRead()) {
                        history.ok(call, balances);
                    } else {
                        history.ok(call);
                    }
                }
                case FAIL -> history.fail(call);
                case UNKNOWN -> history.unknown(call);
            }
        }

        @Override
        public void stepped(String group, String node, int incarnation, Replica replica, Effect.Persist persist,
                            List<Entry> applied, Supplier<String> event, long time) {
            group(group).stepped(node, incarnation, replica, persist, applied, event, time);
        }

        @Override
        public void said(String group, String node, Message message, long time) {
            group(group).said(node, message, time);
        }

        @Override
        public void refused(String group, String node, Effect.Refused refused, long time) {
            group(group).refused(node, refused, time);
        }

        @Override
        public void restarted(String group, String node, int incarnation, Durable recovered, long time) {
            group(group).restarted(node, incarnation, recovered, time);
        }

        @Override
        public void installed(String group, String node, int incarnation, Snapshot snapshot, long time) {
            group(group).installed(node, incarnation, snapshot, time);
        }

        @Override
        public void applied(String group, String node, int incarnation, Entry entry, String result, long time) {
            group(group).applied(node, incarnation, entry, result, time);
            transfers.applied(group, node, entry, result, time);
        }

        private RaftCheck group(String group) {
            RaftCheck check = raft.get(group);
            return check != null ? check : raft.computeIfAbsent(group, g -> new RaftCheck(snapshots));
        }
    }
}
