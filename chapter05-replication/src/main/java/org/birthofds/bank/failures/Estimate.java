package org.birthofds.bank.failures;

/**
 * A simulated figure and how far chance alone could have pushed it: the true value lies in
 * {@code mean ± halfWidth} at the confidence the simulation was asked for. Printing the width is
 * the honest part; a simulation without one cannot be told apart from a lucky guess.
 */
record Estimate(double mean, double halfWidth) {
    boolean contains(double value) {
        return Math.abs(value - mean) <= halfWidth;
    }
}
