package org.birthofds.bank.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * The replicated log in memory, indexed from 1 as in the Raft paper (index 0 is the empty prefix,
 * of term 0). It only grows at the end or loses a conflicting suffix; the replica decides when.
 */
public final class Log {
    private final List<Entry> entries = new ArrayList<>();

    Log(List<Entry> restored) {
        for (Entry entry : restored) {
            append(entry);
        }
    }

    public long lastIndex() {
        return entries.size();
    }

    public long lastTerm() {
        return term(lastIndex());
    }

    /** The term at {@code index}: 0 for the empty prefix, -1 past the end (matches nothing). */
    public long term(long index) {
        if (index == 0) {
            return 0;
        }
        return index <= lastIndex() ? entry(index).term() : -1;
    }

    public Entry entry(long index) {
        return entries.get((int) (index - 1));
    }

    /** Raft's consistency check: do we hold the entry the leader's new entries follow? */
    boolean matches(long prevIndex, long prevTerm) {
        return prevIndex <= lastIndex() && term(prevIndex) == prevTerm;
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
        entries.subList((int) (index - 1), entries.size()).clear();
    }

    /** Entries from {@code index} on, at most {@code max}. */
    public List<Entry> from(long index, int max) {
        int start = (int) Math.max(0, index - 1);
        int end = (int) Math.min(entries.size(), (long) start + max);
        return start >= end ? List.of() : List.copyOf(entries.subList(start, end));
    }
}
