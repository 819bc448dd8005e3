package org.birthofds.bank.replication;

/**
 * The rules of Raft (the paper's figure 2, persistence, and the read index of section 8), each of
 * which a {@link Config} can break on purpose. Every rule is there to keep one of the safety
 * properties of figure 3: break it, and the chapter's seed sweep must catch a run that loses a
 * committed entry, elects two leaders, answers a stale read, or never recovers. The rule's text
 * says what the replica does; {@link #broken} says what it does instead.
 */
public enum Rule {
    STEP_DOWN("A higher term in any message or reply makes a replica a follower of that term",
            "a leader ignores a higher term and keeps leading"),
    VOTE_TERM_CHECK("RequestVote: refuse a candidate of an older term",
            "an older term's request is granted, and answered in that older term"),
    ONE_VOTE_PER_TERM("RequestVote: vote at most once in a term",
            "a replica grants every candidate of its term"),
    UP_TO_DATE_VOTE("RequestVote: vote only for a log at least as up to date as one's own",
            "a replica votes for a candidate whose log is behind its own"),
    PAST_TERM_REPLIES("Votes and acknowledgements from a past term are ignored",
            "a candidate counts votes, and a leader acknowledgements, of any term"),
    APPEND_TERM_CHECK("AppendEntries: refuse a leader of an older term",
            "a follower takes entries from a deposed leader"),
    CONSISTENCY_CHECK("AppendEntries: refuse unless the log holds prevIndex with prevTerm",
            "a follower checks that it holds prevIndex, but not its term"),
    TRUNCATE_CONFLICTS("AppendEntries: delete a conflicting entry and every entry after it",
            "a follower keeps its own entry where the leader's conflicts"),
    KEEP_AGREEING_ENTRIES("AppendEntries: delete only what conflicts, never entries that agree",
            "a follower cuts its log back to the end of each AppendEntries, late ones too"),
    COMMIT_BOUND("AppendEntries: commit up to min(leaderCommit, the last entry the message carried)",
            "a follower commits up to min(leaderCommit, its own last entry)"),
    MAJORITY_COMMIT("A leader commits an entry once a majority holds it",
            "a leader commits an entry once its own disk holds it"),
    OWN_TERM_COMMIT("A leader counts copies only of entries of its own term (the paper's figure 8)",
            "a leader commits an entry of an older term once a majority holds it"),
    PERSIST_FIRST("Term, vote and log are forced before any reply or message that depends on them",
            "the batch's Persist is carried out after its messages and replies"),
    APPLY_COMMITTED("Apply only committed entries, in log order",
            "a replica applies every entry in its log"),
    READ_NOOP("Read index: a new leader serves reads only once an entry of its term is committed",
            "a new leader serves reads at the commit index it learned as a follower"),
    READ_HEARTBEAT("Read index: a read waits for a majority's answer to a heartbeat round",
            "a leader answers a read without asking whether it still leads"),
    MEMBERS_AFTER_OWN_TERM("A leader changes the members only once an entry of its own term is committed",
            "a new leader changes the members at once (the single-server change bug, raft-dev 2015)"),
    KNOWN_DISKS("A member's votes and acknowledgements count only from the disk the group knows it by",
            "a replica that lost its disk comes back under its old id, and votes");

    private final String rule;
    private final String broken;

    Rule(String rule, String broken) {
        this.rule = rule;
        this.broken = broken;
    }

    public String rule() {
        return rule;
    }

    /** What a replica with this rule broken does instead. */
    public String broken() {
        return broken;
    }
}
