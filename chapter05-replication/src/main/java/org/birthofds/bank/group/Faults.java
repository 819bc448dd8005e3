package org.birthofds.bank.group;

/**
 * FAULT HOOK, off unless the replica was started with {@code --faults}: a network partition that
 * cuts this one replica off from the rest of its group. Every Raft message it would send is lost,
 * and every one sent to it is dropped on arrival, while its clients can still reach it: the old
 * leader of chapter 5's split-brain story, alive, reachable, and unable to commit anything. The
 * launcher's live page turns it on and off ({@code POST /faults/isolate}, {@code /faults/heal}).
 */
final class Faults {
    private volatile boolean isolated;

    boolean isolated() {
        return isolated;
    }

    void isolate(boolean on) {
        isolated = on;
    }
}
