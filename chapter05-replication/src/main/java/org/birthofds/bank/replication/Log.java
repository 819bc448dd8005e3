package org.birthofds.bank.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * The replicated log in memory, indexed from 1 as in the Raft paper. Its front may have been
 * thrown away (compaction): it then holds the entries after its base, and remembers only the
 * base's index and term, which is all the consistency check needs of the entry before the first.
 * An empty log's base is index 0, of term 0. It only grows at the end, loses a conflicting suffix,
 * or loses its front; the replica decides when.
 */
public final class Log {
    private final List<Entry> entries = new ArrayList<>();
    private long baseIndex;
    private long baseTerm;

    Log(long baseIndex, long baseTerm, List<Entry> restored) {
        this.baseIndex = baseIndex;
        this.baseTerm = baseTerm;
        for (Entry entry : restored) {
            append(entry);
        }
    }

    /** The last index thrown away: every entry up to here is committed, applied, and in a snapshot. */
    public long baseIndex() {
        return baseIndex;
    }

    public long lastIndex() {
        return baseIndex + entries.size();
    }

    public long lastTerm() {
        return term(lastIndex());
    }

    /** The term at {@code index}: the base's at the base, -1 past the end or before the base (matches nothing). */
    public long term(long index) {
        if (index == baseIndex) {
            return baseTerm;
        }
        return index > baseIndex && index <= lastIndex() ? entry(index).term() : -1;
    }

    /** True if the entry is still here: after the base and not past the end. */
    public boolean holds(long index) {
        return index > baseIndex && index <= lastIndex();
    }

    public Entry entry(long index) {
        return entries.get((int) (index - baseIndex - 1));
    }

    /** Raft's consistency check: do we hold the entry the leader's new entries follow? */
    boolean matches(long prevIndex, long prevTerm) {
        return prevIndex >= baseIndex && prevIndex <= lastIndex() && term(prevIndex) == prevTerm;
    }

    /** Raft's election restriction: is a log ending at (lastTerm, lastIndex) at least as up to date as this one? */
    boolean upToDate(long lastTerm, long lastIndex) {
        return lastTerm != lastTerm() ? lastTerm > lastTerm() : lastIndex >= lastIndex();
    }

    void append(Entry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalStateException("append " + entry + " after index " + lastIndex());
        }
        entries.add(entry);
    }

    /** Drops {@code index} and everything after it: a suffix the new leader's log contradicts. */
    void truncateFrom(long index) {
        entries.subList((int) (index - baseIndex - 1), entries.size()).clear();
    }

    /** Throws away every entry up to {@code index}, which a snapshot covers. */
    void compact(long index) {
        if (index <= baseIndex) {
            return;
        }
        long term = term(index);
        entries.subList(0, (int) Math.min(entries.size(), index - baseIndex)).clear();
        baseIndex = index;
        baseTerm = term;
    }

    /** Starts over after a snapshot the leader sent: nothing but its (index, term) as the base. */
    void reset(long index, long term) {
        entries.clear();
        baseIndex = index;
        baseTerm = term;
    }

    /** Entries from {@code index} on (after the base), at most {@code max}. */
    public List<Entry> from(long index, int max) {
        int start = (int) Math.max(0, index - baseIndex - 1);
        int end = (int) Math.min(entries.size(), (long) start + max);
        return start >= end ? List.of() : List.copyOf(entries.subList(start, end));
    }
}
