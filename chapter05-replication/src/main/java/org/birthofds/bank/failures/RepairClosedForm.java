package org.birthofds.bank.failures;

/**
 * Chapter 5's arithmetic as formulas: a bank of G groups, each of g machines that fail
 * independently with p per day, and the chance that some group loses its majority.
 */
final class RepairClosedForm {
    static final double YEAR = 365;

    private RepairClosedForm() {
    }

    /**
     * One group never replaced: each machine is dead by then with q = 1 - (1 - p)^days, and the
     * group is lost when at least deadToLose of its g machines are, a binomial tail. For a group of 3
     * that is 3q²(1 - q) + q³. Every term is positive: small chances keep their digits.
     */
    static double neverReplacedLoss(Group group, double p, double days) {
        double q = -Math.expm1(days * Math.log1p(-p));
        int g = group.machines();
        double tail = 0;
        for (int dead = group.deadToLose(); dead <= g; dead++) {
            tail += choose(g, dead) * Math.pow(q, dead) * Math.pow(1 - q, g - dead);
        }
        return tail;
    }

    /** One group, either policy: the binomial when no machine comes back, else the Markov chain. */
    static double groupLoss(Group group, double p, Replacement replacement, double days) {
        return replacement.never()
                ? neverReplacedLoss(group, p, days)
                : new GroupChain(group, p, replacement).lossWithin(days);
    }

    /**
     * 1 - (1 - q)^G: the bank keeps every group only if each group keeps its majority. expm1 and
     * log1p because q can be 10^-8, where 1 - q in plain floating point has lost half its digits.
     */
    static double someGroup(double q, double groups) {
        return -Math.expm1(groups * Math.log1p(-q));
    }

    /**
     * The mean days until the first of G groups is lost: the integral over all time of the chance
     * that none is lost yet, (1 - a(t))^G, with a(t) one group's chance from its chain. Taken on a
     * log scale (t = e^u, dt = t·du), because the answer ranges from days to millions of years and
     * hours matter as much as centuries; Simpson's rule, 16 points per doubling of t.
     */
    static double meanDaysToFirstLoss(Group group, double p, Replacement replacement, int groups) {
        GroupChain chain = new GroupChain(group, p, replacement);
        double h = Math.log(2) / 16;
        double start = 1e-6; // days: a tenth of a second, when (1 - a(t))^G is still 1 to many digits
        double total = start; // the integral from 0 to start, where the integrand is 1
        double left = start * noneLost(chain, start, groups);
        for (double u = Math.log(start); ; u += 2 * h) {
            double middle = Math.exp(u + h) * noneLost(chain, Math.exp(u + h), groups);
            double right = Math.exp(u + 2 * h) * noneLost(chain, Math.exp(u + 2 * h), groups);
            total += h / 3 * (left + 4 * middle + right);
            left = right;
            if (right < 1e-15 * total) {
                return total;
            }
            if (u > Math.log(1e300)) {
                return Double.POSITIVE_INFINITY; // the groups outlive any number we could print
            }
        }
    }

    /** (1 - a)^G with 1 - a read from whichever side keeps its digits: a when small, else the live states. */
    private static double noneLost(GroupChain chain, double days, int groups) {
        double[] states = chain.statesAt(days);
        double lost = states[states.length - 1];
        double logAlive;
        if (lost < 0.5) {
            logAlive = Math.log1p(-lost);
        } else {
            double alive = 0;
            for (int dead = 0; dead < states.length - 1; dead++) {
                alive += states[dead];
            }
            logAlive = Math.log(alive);
        }
        return Math.exp(groups * logAlive);
    }

    private static double choose(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
