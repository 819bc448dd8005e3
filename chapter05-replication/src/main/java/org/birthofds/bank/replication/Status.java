package org.birthofds.bank.replication;

/** One line per replica in a failure report: enough to see who led, in which term, and how far each got. */
public record Status(String id, Role role, long term, long lastLogIndex, long commitIndex, String leader,
                     long snapshotIndex) {
    @Override
    public String toString() {
        return String.format("%s %-9s term %d, last log index %d, commit index %d, leader %s",
                id, role, term, lastLogIndex, commitIndex, leader == null ? "unknown" : leader);
    }
}
