package org.birthofds.bank.replication;

/**
 * The state machine as it stood once the entry at {@code index} (of {@code term}) was applied: it
 * stands in for every entry up to there, so a replica may throw that much of its log away
 * (compaction), and a follower too far behind is sent this instead of entries the leader no
 * longer holds (InstallSnapshot). Only applied, hence committed, entries are ever in one.
 * {@code members}: the group as of that entry, which the thrown-away log no longer says (null: the
 * group as it started).
 */
public record Snapshot(long index, long term, Members members, String state) {
    /** Before anything was applied: the state machine as it was built, the group as it started. */
    public static final Snapshot NONE = new Snapshot(0, 0, null, "");

    public Snapshot {
        if (index < 0 || term < 0 || state == null || index == 0 && (term != 0 || members != null)) {
            throw new IllegalArgumentException("bad snapshot " + index + "@" + term);
        }
    }

    @Override
    public String toString() {
        return "snapshot " + index + "@" + term + " (" + state.length() + " chars)";
    }
}
