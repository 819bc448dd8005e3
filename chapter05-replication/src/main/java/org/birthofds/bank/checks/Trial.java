package org.birthofds.bank.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.birthofds.bank.checks.History.Call;
import org.birthofds.bank.checks.History.Op;
import org.birthofds.bank.replication.Entry;
import org.birthofds.bank.replication.Replica;
import org.birthofds.bank.simulation.Observer;
import org.birthofds.bank.simulation.Operation;
import org.birthofds.bank.simulation.Options;
import org.birthofds.bank.simulation.Report;
import org.birthofds.bank.simulation.Run;
import org.birthofds.bank.simulation.Schedule;
import org.birthofds.bank.simulation.Simulator;

/**
 * One seeded run through every checker: Raft's safety properties online in each shard group, the
 * two-phase commit's across groups, then the bank check and the linearizability check on the
 * clients' history, and liveness apart from safety (a cluster that never recovers is "stuck",
 * not "unsafe"). The verdict carries the failure report.
 */
final class Trial {
    static final long LINEARIZABILITY_BUDGET_MILLIS = 5_000;
    private static final String NO_FINAL_READ = "No read-all was answered";

    record Verdict(Run run, History history, List<String> raft, TwoPhaseCheck transfers, BankCheck.Result bank,
                   Linearizability.Result linearizability, String report) {
        /** Safety apart from liveness: a stuck run's missing final read is not a lost write. */
        boolean safe() {
            boolean bankSafe = bank.passed() || (!run.live() && bank.problems().stream().allMatch(p -> p.startsWith(NO_FINAL_READ)));
            return raft.isEmpty() && transfers.problems().isEmpty() && bankSafe
                    && linearizability.verdict() != Linearizability.Verdict.NOT_LINEARIZABLE;
        }

        boolean live() {
            return run.live();
        }

        boolean passed() {
            return safe() && live();
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
        Simulator simulator = new Simulator(seed, options);
        History history = new History(simulator::now);
        Map<String, RaftCheck> raft = new TreeMap<>();
        TwoPhaseCheck transfers = new TwoPhaseCheck();
        Run run = simulator.run(new Recorder(history, raft, transfers));
        String replay = Report.replay(testClass, seed);
        BankCheck.Result bank = BankCheck.check(history, seed, replay);
        Linearizability.Result linearizability = Linearizability.check(history, run.marks(),
                testClass + "-seed-" + seed, LINEARIZABILITY_BUDGET_MILLIS);
        List<String> raftProblems = new ArrayList<>(); // replica ids name their group: s1n2 is in s1
        raft.values().forEach(check -> raftProblems.addAll(check.problems()));
        List<String> problems = new ArrayList<>();
        raftProblems.forEach(p -> problems.add("unsafe (Raft): " + p));
        transfers.problems().forEach(p -> problems.add("unsafe (two-phase commit): " + p));
        if (!bank.passed()) {
            problems.add((run.live() ? "unsafe (bank): " : "bank, while stuck: ") + bank.report());
        }
        if (linearizability.verdict() != Linearizability.Verdict.LINEARIZABLE) {
            problems.add((linearizability.verdict() == Linearizability.Verdict.UNKNOWN ? "note: " : "unsafe: ")
                    + linearizability.message());
        }
        if (!run.live()) {
            problems.add(run.stuck());
        }
        return new Verdict(run, history, List.copyOf(raftProblems), transfers, bank, linearizability,
                Report.of(run, testClass, problems));
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

        Recorder(History history, Map<String, RaftCheck> raft, TwoPhaseCheck transfers) {
            this.history = history;
            this.raft = raft;
            this.transfers = transfers;
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
        public void becameLeader(String group, Replica replica, long time) {
            group(group).becameLeader(replica, time);
        }

        @Override
        public void committed(String group, String node, Entry entry, long time) {
            group(group).committed(node, entry, time);
        }

        @Override
        public void applied(String group, String node, int incarnation, Entry entry, String result, long time) {
            group(group).applied(node, incarnation, entry, time);
            transfers.applied(group, node, entry, result, time);
        }

        private RaftCheck group(String group) {
            return raft.computeIfAbsent(group, g -> new RaftCheck());
        }
    }
}
