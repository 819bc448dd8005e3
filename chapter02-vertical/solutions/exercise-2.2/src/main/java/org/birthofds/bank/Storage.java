package org.birthofds.bank;

import java.io.IOException;

/**
 * Where the bank writes each change down before it answers, in two steps: append the record in
 * order, then wait until it is durable. Between the two, an operation can let go of its locks.
 */
interface Storage {

    /** Appends the command, not yet durable; returns the position to pass to {@link #awaitDurable}. */
    long append(Command command) throws IOException;

    /** Returns only once everything up to {@code position} would survive a crash of this process. */
    void awaitDurable(long position) throws IOException;

    /** The end of everything appended so far: a read waits for this before it answers. */
    long appendedEnd();

    /** Returns only once the command would survive a crash of this process. */
    default void write(Command command) throws IOException {
        awaitDurable(append(command));
    }

    /**
     * Memory alone: fast, and everything is gone when the process goes. The series' first
     * lesson about storage: memory is for the CPU's working set, not for keeping.
     */
    Storage MEMORY_ONLY = new Storage() {
        @Override
        public long append(Command command) {
            return 0;
        }

        @Override
        public void awaitDurable(long position) {
        }

        @Override
        public long appendedEnd() {
            return 0;
        }
    };
}
