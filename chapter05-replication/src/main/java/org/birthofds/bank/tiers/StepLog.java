package org.birthofds.bank.tiers;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The steps of the launcher's membership commands (replace, add-replica, remove-replica), each
 * recorded with its wall-clock time the moment it is done: printed then, as the typed command
 * always said it, and kept, the last {@value #KEPT}, for the live page. It has a lock of its own,
 * not the launcher's: a replace holds the launcher's for its whole run, and the page must see its
 * steps meanwhile.
 */
final class StepLog {
    static final int KEPT = 50;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /** One step as the page lists it: when it was done, by which command ("replace s1r3"), and what was done. */
    record Step(String at, String command, String step) {
    }

    private final Deque<Step> last = new ArrayDeque<>();
    private final Consumer<String> print;

    StepLog(Consumer<String> print) {
        this.print = print;
    }

    void done(String command, String step) {
        synchronized (this) {
            last.addLast(new Step(LocalTime.now().format(CLOCK), command, step));
            if (last.size() > KEPT) {
                last.removeFirst();
            }
        }
        // Outside the lock: a terminal slow to take the line (scrolled back, or Ctrl-S) holds up the command, not the page.
        print.accept(command + ": " + step);
    }

    /** Oldest first. */
    synchronized List<Step> recent() {
        return List.copyOf(last);
    }

    Command begin(String command) {
        return new Command(command);
    }

    /** One command's steps: each goes to the log the moment it is done, and the command answers with all of them. */
    final class Command {
        private final String name;
        private final List<String> steps = new ArrayList<>();

        private Command(String name) {
            this.name = name;
        }

        void done(String step) {
            steps.add(step);
            StepLog.this.done(name, step);
        }

        List<String> steps() {
            return List.copyOf(steps);
        }
    }
}
