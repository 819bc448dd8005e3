package org.birthofds.bank.group;

import java.util.List;

/** The JSON bodies a replica adds to chapter 4's shard API, as records. */
final class GroupBodies {
    private GroupBodies() {
    }

    /** A replica's refusal; {@code leader} is the leader's URL on a not_leader, when this replica knows it. */
    record Error(String error, String message, String leader) {
    }

    /**
     * GET /status: role, term and how far the log goes, as {@code replication.Status} says; the
     * members; this replica's disk, and the disk the group knows each member by; and how many
     * batches it has forced to its disk since it started (one fsync each).
     */
    record State(String id, String role, long term, long lastIndex, long commitIndex, String leader, String leaderUrl,
                 boolean isolated, long snapshotIndex, List<String> voters, List<String> learners, String disk,
                 java.util.Map<String, String> disks, long forced) {
    }

    /**
     * POST /admin/members: one change of the group's members, asked of its leader. {@code change}
     * is add-learner (with the new machine's {@code url}), promote or remove.
     */
    record MemberChange(String change, String id, String url) {
    }

    /** The answer to a change: the members as the committed change left them. */
    record Membership(List<String> voters, List<String> learners) {
    }
}
