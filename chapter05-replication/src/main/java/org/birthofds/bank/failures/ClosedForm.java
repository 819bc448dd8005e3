package org.birthofds.bank.failures;

/**
 * The series' arithmetic as formulas: p is the chance that one machine fails on a given day
 * (0.001: once in 1,000 days), n the number of machines, all failing independently.
 * {@code expm1}/{@code log1p} because 1 - (1 - p)^n with p = 0.001 and n = 1 loses half its digits
 * in plain floating point.
 */
final class ClosedForm {
    private ClosedForm() {
    }

    /** One failure a day for 1,000 machines: failures add up even though each machine is reliable. */
    static double expectedFailuresPerDay(int n, double p) {
        return n * p;
    }

    /** 1 - (1 - p)^n: the day is quiet only if every machine has a quiet day. */
    static double atLeastOneFailure(int n, double p) {
        return -Math.expm1(n * Math.log1p(-p));
    }

    /**
     * The fraction of time one machine is down, when it fails at rate p per day and a repair takes
     * mttrDays on average: each cycle is on average 1/p days up and mttrDays down, so by the
     * renewal-reward theorem u = mttr / (1/p + mttr) = p·mttr / (1 + p·mttr), whatever the shape of
     * the up and repair times. For small p·mttr that is about p·mttr (0.1% for a 24 h repair).
     */
    static double unavailability(double p, double mttrDays) {
        double downPerUp = p * mttrDays;
        return downPerUp / (1 + downPerUp);
    }

    /** 1 - (1 - u)^n: in chapter 4 each shard is one machine, so this is "some accounts are unreachable now". */
    static double anyDown(int n, double u) {
        return -Math.expm1(n * Math.log1p(-u));
    }
}
