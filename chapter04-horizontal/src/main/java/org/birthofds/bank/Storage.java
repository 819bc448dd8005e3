package org.birthofds.bank;

import java.io.IOException;

/** Where the bank writes each change down before it answers. */
interface Storage {

    /** Returns only once the command would survive a crash of this process. */
    void write(Command command) throws IOException;

    /**
     * Memory alone: fast, and everything is gone when the process goes. The series' first
     * lesson about storage: memory is for the CPU's working set, not for keeping.
     */
    Storage MEMORY_ONLY = command -> {
    };
}
