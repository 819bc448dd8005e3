package org.birthofds.bank.group;

/** The JSON bodies of a replica's endpoints, as records. */
final class GroupBodies {
    private GroupBodies() {
    }

    /** POST /commands: one ledger command, "TAG TIME VERB ARGS...". */
    record Proposal(String command) {
    }

    /** What the ledger answered, and at which log position (writes) or read index it was true. */
    record Result(String result, String replica) {
    }

    /** Every refusal; {@code leader} is the leader's URL on a not_leader, when this replica knows it. */
    record Error(String error, String message, String leader) {
    }

    /** GET /status: role, term and how far the log goes, as {@code replication.Status} says. */
    record State(String id, String role, long term, long lastIndex, long commitIndex, String leader, String leaderUrl) {
    }
}
