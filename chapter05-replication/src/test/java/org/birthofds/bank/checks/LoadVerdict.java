package org.birthofds.bank.checks;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A real load's history through the simulator's two checkers, as {@link Trial} runs them, and
 * one report: the seed and how to replay it, what the clients heard, the faults marked, the bank
 * check's verdict, and linearizability's (with the timeline's path on a violation). A check that
 * gives up past its budget is not a pass, and nor is a bank that never answered the final
 * read-all: the verdict is red, and says why.
 */
final class LoadVerdict {
    private LoadVerdict() {
    }

    /**
     * @param name    names the timeline's file
     * @param settled whether the final read-all was answered: without it, the bank check would judge by an earlier one
     */
    static BankLoad.Outcome of(LoadPlan plan, String name, History history, List<Mark> marks, BankLoad.Counts counts,
                               boolean settled) {
        BankCheck.Result bank = BankCheck.check(history, plan.seed(), plan.replay());
        long began = System.nanoTime();
        Linearizability.Result linearizability = Linearizability.check(history, marks, name, BankLoad.LINEARIZABILITY_BUDGET_MILLIS);
        long took = (System.nanoTime() - began) / 1_000_000;
        boolean linearizable = linearizability.verdict() == Linearizability.Verdict.LINEARIZABLE;

        StringBuilder report = new StringBuilder();
        report.append(String.format("Load %s (seed %d, replay: %s): %d client(s), %d operations: %d ok, %d refused,"
                        + " %d unknown; %d needed more than one try.%n", plan.name(), plan.seed(), plan.replay(), plan.clients(),
                counts.answered() + counts.unknown(), counts.ok(), counts.refused(), counts.unknown(), counts.retried()));
        if (!marks.isEmpty()) {
            report.append("Marked: ").append(marks.stream().map(m -> m.label() + " at " + m.time() + " ms")
                    .collect(Collectors.joining(", "))).append(".\n");
        }
        if (!settled) {
            report.append("The bank did not answer the final read-all within ").append(plan.settle().toMillis())
                    .append(" ms: the writes acknowledged after the last read-all it answered are not checked, so this is"
                            + " not a pass.\n");
        }
        report.append(bank.report()).append('\n');
        report.append(switch (linearizability.verdict()) {
            case LINEARIZABLE -> linearizability.message() + ", checked in " + took + " ms.";
            case NOT_LINEARIZABLE -> linearizability.message();
            case UNKNOWN -> linearizability.message() + ": not a pass. A shorter load (fewer operations per account, or"
                    + " fewer clients) keeps the search within its budget.";
        });
        return new BankLoad.Outcome(plan.seed(), counts, settled && bank.passed(), linearizable, linearizability.timeline(),
                report.toString());
    }
}
