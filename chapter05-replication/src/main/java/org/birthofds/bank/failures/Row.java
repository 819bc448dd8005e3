package org.birthofds.bank.failures;

/** One line of the table: n machines, each figure as a formula and as a simulation of it. */
record Row(int machines,
           double failuresPerDay, Estimate simulatedFailuresPerDay,
           double atLeastOneFailure, Estimate simulatedAtLeastOneFailure,
           double shardDown, Estimate simulatedShardDown,
           double anyShardDown, Estimate simulatedAnyShardDown) {
}
