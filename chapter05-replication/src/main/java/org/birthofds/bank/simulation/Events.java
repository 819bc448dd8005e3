package org.birthofds.bank.simulation;

import java.util.Arrays;

/**
 * The simulator's event queue: actions by virtual time, and in the order they were scheduled within
 * one time. A binary heap on (time, sequence) in plain arrays: the simulator schedules a few hundred
 * thousand events a run (every replica's tick is one), and a sorted map of boxed times cost it a
 * fifth of its speed.
 */
final class Events {
    private long[] times = new long[1024];
    private long[] order = new long[1024];
    private Runnable[] actions = new Runnable[1024];
    private int size;
    private long scheduled;

    void add(long time, Runnable action) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            order = Arrays.copyOf(order, size * 2);
            actions = Arrays.copyOf(actions, size * 2);
        }
        int at = size++;
        long seq = scheduled++;
        while (at > 0) { // sift up
            int parent = (at - 1) >>> 1;
            if (!before(time, seq, times[parent], order[parent])) {
                break;
            }
            move(parent, at);
            at = parent;
        }
        put(at, time, seq, action);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The time of the next action; call only when not empty. */
    long nextTime() {
        return times[0];
    }

    /** Takes the next action out. */
    Runnable poll() {
        Runnable first = actions[0];
        size--;
        long time = times[size];
        long seq = order[size];
        Runnable last = actions[size];
        actions[size] = null;
        int at = 0;
        while (true) { // sift the last one down from the root
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(times[child + 1], order[child + 1], times[child], order[child])) {
                child++;
            }
            if (!before(times[child], order[child], time, seq)) {
                break;
            }
            move(child, at);
            at = child;
        }
        if (size > 0) {
            put(at, time, seq, last);
        }
        return first;
    }

    private static boolean before(long time, long seq, long otherTime, long otherSeq) {
        return time < otherTime || (time == otherTime && seq < otherSeq);
    }

    private void move(int from, int to) {
        put(to, times[from], order[from], actions[from]);
    }

    private void put(int at, long time, long seq, Runnable action) {
        times[at] = time;
        order[at] = seq;
        actions[at] = action;
    }
}
