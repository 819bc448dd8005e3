package org.birthofds.bank;

/** What Main prints after it starts: where the data tier keeps the accounts. */
final class Tips {
    private Tips() {
    }

    static String storage(Flags flags, BankNode node) {
        return flags.memoryOnly()
                ? "memory only: a restart forgets every balance"
                : flags.dataDir().toAbsolutePath().resolve(Journal.FILE_NAME) + ", " + node.replayed() + " records replayed";
    }
}
