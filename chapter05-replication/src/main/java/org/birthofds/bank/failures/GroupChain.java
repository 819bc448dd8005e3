package org.birthofds.bank.failures;

/**
 * One group as a continuous-time Markov chain. The state is how many of its machines are dead,
 * 0, 1, ... up to {@link Group#deadToLose()}, where the group has lost its majority and stays lost:
 * adding a machine takes a membership change, which the old majority must commit, and the live
 * minority may lack the last writes that majority acknowledged.
 *
 * <p>From state k, one of the g - k live machines fails at rate (g - k)·λ, and one of the k dead
 * ones is replaced at rate k·μ, μ = 1/(time to replace). The chance of being lost by time t is the
 * last entry of the first row of e^(Qt) ({@link MatrixExponential}): exact, not approximated.
 */
final class GroupChain {
    private final Group group;
    private final double failureRate;
    private final double replaceRate;

    GroupChain(Group group, double p, Replacement replacement) {
        this.group = group;
        this.failureRate = failureRate(p);
        this.replaceRate = replacement.rate();
    }

    /**
     * The rate λ that makes "p per day" exact: a machine that fails at a constant rate λ lives
     * through a day with chance e^(-λ) = 1 - p, so through a year with (1 - p)^365, as the binomial of
     * {@link RepairClosedForm} has it. λ = -ln(1 - p) = 0.0010005 for p = 0.001.
     */
    static double failureRate(double p) {
        return -Math.log1p(-p);
    }

    /** Q: the rates of going from state i (machines dead) to state j; each row sums to zero. */
    double[][] generator() {
        int lost = group.deadToLose();
        double[][] q = new double[lost + 1][lost + 1];
        for (int dead = 0; dead < lost; dead++) {
            q[dead][dead + 1] = (group.machines() - dead) * failureRate;
            if (dead > 0) {
                q[dead][dead - 1] = dead * replaceRate;
            }
            q[dead][dead] = -(q[dead][dead + 1] + (dead > 0 ? q[dead][dead - 1] : 0));
        }
        return q; // the last row stays zero: a lost group stays lost
    }

    /** The chance of each state at time t for a group that starts whole: the first row of e^(Qt). */
    double[] statesAt(double days) {
        return MatrixExponential.of(generator(), days)[0];
    }

    /** The chance that the group has lost its majority by then. */
    double lossWithin(double days) {
        double[] states = statesAt(days);
        return states[states.length - 1];
    }

    /**
     * The mean days until the group is lost, exactly, for a birth-death chain: to get from k dead
     * to k + 1 takes on average τ_k = (1 + k·μ·τ_(k-1)) / ((g - k)·λ), since every replacement
     * that comes first sends the group back to k - 1 to try again. The sum of the τ_k is the answer.
     * Without replacement it is 1/(gλ) + 1/((g - 1)λ) + ...: the wait for the first death, then the next.
     */
    double meanDaysToLoss() {
        double total = 0;
        double previous = 0;
        for (int dead = 0; dead < group.deadToLose(); dead++) {
            double up = (group.machines() - dead) * failureRate;
            double stepUp = (1 + dead * replaceRate * previous) / up;
            total += stepUp;
            previous = stepUp;
        }
        return total;
    }
}
