package org.birthofds.bank.checks;

/** A fault on a history's timeline (a crash, a partition), drawn by the linearizability checker's HTML. */
public record Mark(long time, String label) {
}
