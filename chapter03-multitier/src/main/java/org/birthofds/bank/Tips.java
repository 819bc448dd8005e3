package org.birthofds.bank;

/** What the mains print after they start: where things are, and what to try next. */
final class Tips {
    private Tips() {
    }

    static String storage(DataFlags flags, DataNode node) {
        return flags.memoryOnly()
                ? "memory only: a restart forgets every balance"
                : flags.dataDir().toAbsolutePath().resolve(Journal.FILE_NAME) + ", " + node.replayed() + " records replayed";
    }
}
