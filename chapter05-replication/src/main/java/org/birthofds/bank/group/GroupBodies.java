package org.birthofds.bank.group;

/** The JSON bodies a replica adds to chapter 4's shard API, as records. */
final class GroupBodies {
    private GroupBodies() {
    }

    /** A replica's refusal; {@code leader} is the leader's URL on a not_leader, when this replica knows it. */
    record Error(String error, String message, String leader) {
    }

    /** GET /status: role, term and how far the log goes, as {@code replication.Status} says. */
    record State(String id, String role, long term, long lastIndex, long commitIndex, String leader, String leaderUrl,
                 boolean isolated, long snapshotIndex) {
    }
}
