package org.birthofds.bank.failures;

/**
 * One bank (so many groups of so many machines) under one replacement policy: the chance that some
 * group loses its majority within a year, as a formula and as a simulation of it, and the mean
 * years until the first group does.
 */
record Outcome(Group group, int groups, Replacement replacement,
               double lossInAYear, Estimate simulatedLossInAYear, double yearsToFirstLoss) {
    int machines() {
        return groups * group.machines();
    }
}
