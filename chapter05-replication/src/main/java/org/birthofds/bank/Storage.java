package org.birthofds.bank;

import java.io.IOException;

/** Where the bank writes each change down before it answers. */
public interface Storage {

    /** Returns only once the command would survive a crash of this process. */
    void write(Command command) throws IOException;

    /**
     * Memory alone: fast, and everything is gone when the process goes. The series' first
     * lesson about storage: memory is for the CPU's working set, not for keeping.
     */
    Storage MEMORY_ONLY = command -> {
    };

    /**
     * The journal, named before it is open: the journal's replay rebuilds the parts (chapter 4's
     * Transactions and Intents, in participant) that will later write to it.
     */
    final class Deferred implements Storage {
        private volatile Storage target;

        void use(Storage storage) {
            target = storage;
        }

        @Override
        public void write(Command command) throws IOException {
            target.write(command);
        }
    }
}
