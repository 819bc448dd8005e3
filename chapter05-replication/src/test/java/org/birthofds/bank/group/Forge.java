package org.birthofds.bank.group;

import org.birthofds.bank.replication.Message;

/** For the tests that play an intruder: a Raft message as a replica's {@code POST /raft} takes it. */
public final class Forge {
    private Forge() {
    }

    public static String json(Message message) {
        return Wire.write(message);
    }
}
