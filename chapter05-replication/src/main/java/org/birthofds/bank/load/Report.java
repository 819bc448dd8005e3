package org.birthofds.bank.load;

import java.io.PrintStream;
import java.util.List;

/** Prints a run's plan and its results for a reader. */
final class Report {

    private Report() {
    }

    static void plan(LoadOptions o, PrintStream out) {
        String pace = o.closedLoop() ? "closed loop" : String.format("open loop at %.0f req/s", o.rate());
        String length = o.byCount() ? o.requests() + " requests" : String.format("%.0f s", o.durationSeconds());
        out.printf("load: %d clients, %s, %s, %d%% reads, %d accounts, seed %d -> %s%n",
                o.clients(), pace, length, o.readPercent(), o.accounts(), o.seed(), o.url());
    }

    static void results(LoadResult r, int clients, PrintStream out) {
        out.printf("throughput: %d requests in %.2f s = %.0f req/s; %d transfers = %.0f transfers/s"
                        + " (%d refused for insufficient funds, %d errors)%n",
                r.requests(), r.seconds(), r.requestsPerSecond(), r.transfers(), r.transfersPerSecond(),
                r.refused(), r.errors());
        out.printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                r.p50Ms(), r.p90Ms(), r.p99Ms(), r.p999Ms(), r.maxMs());
        errors(r.firstErrors(), out);
        invariant(r, out);
        if (r.ceilingMeasured()) {
            out.printf("ceiling: %d clients against GET /health reach %.0f req/s; this run reached %.0f%% of it%n",
                    clients, r.ceilingPerSecond(), 100 * r.ceilingRatio());
        }
    }

    /** When the balances could not be read back, so there is no result to print. */
    static void cutShort(Tally tally, PrintStream out) {
        out.printf("the run sent %d requests with %d errors, but its balances could not be read back%n",
                tally.requests(), tally.errors());
        errors(tally.firstErrors(), out);
    }

    private static void errors(List<String> firstErrors, PrintStream out) {
        for (String error : firstErrors) {
            out.println("  error: " + error);
        }
    }

    private static void invariant(LoadResult r, PrintStream out) {
        if (r.invariantHolds()) {
            out.printf("invariant OK: %d accounts hold %d cents, all that was deposited, none negative%n",
                    r.accounts(), r.balanceSum());
        } else {
            out.printf("invariant VIOLATED: %d accounts hold %d cents but %d were deposited (%+d);"
                            + " %d negative balances%n",
                    r.accounts(), r.balanceSum(), r.deposited(), r.balanceSum() - r.deposited(),
                    r.negativeBalances());
        }
    }
}
