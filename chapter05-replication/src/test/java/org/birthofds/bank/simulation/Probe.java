package org.birthofds.bank.simulation;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.birthofds.bank.checks.Mark;
import org.birthofds.bank.checks.History;
import org.birthofds.bank.checks.History.Event;
import org.birthofds.bank.checks.History.Type;

/** Questions the failure-mode tests ask of a history, to show their scenario really happened. */
final class Probe {
    private static final Pattern TRANSFER = Pattern.compile("x-(\\w+)-(\\d+)(-[\\w-]+)?");

    private Probe() {
    }

    /** Completions of {@code client}'s operations of the given type between two virtual times. */
    static List<Event> completions(History history, String client, Type type, long from, long to) {
        return history.events().stream()
                .filter(e -> e.client().equals(client) && e.type() == type && e.time() >= from && e.time() <= to)
                .toList();
    }

    /** The transfer id an armed fault struck ("x-c2-9-l1-1-4"), from its mark on the run's timeline, or null. */
    static String transferStruck(Run run, String markStart) {
        for (Mark mark : run.marks()) {
            Matcher m = TRANSFER.matcher(mark.label());
            if (mark.label().startsWith(markStart) && m.find()) {
                return m.group();
            }
        }
        return null;
    }

    /** What the client of transfer "x-c2-9-l1-1-4" (its 9th operation: the request tag c2#9) was told. */
    static Type outcomeOf(History history, String tx) {
        Matcher m = TRANSFER.matcher(tx);
        if (!m.matches()) {
            throw new IllegalArgumentException(tx);
        }
        String client = m.group(1);
        List<Event> invoked = history.events().stream().filter(e -> e.client().equals(client) && e.type() == Type.INVOKE).toList();
        long call = invoked.get(Integer.parseInt(m.group(2)) - 1).call().id();
        return history.events().stream().filter(e -> e.call().id() == call && e.type() != Type.INVOKE)
                .map(Event::type).findFirst().orElse(Type.UNKNOWN);
    }
}
