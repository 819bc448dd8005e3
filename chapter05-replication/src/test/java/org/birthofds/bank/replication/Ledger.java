package org.birthofds.bank.replication;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A state machine whose state shows every command it applied, in order: two copies agree only if their histories do. */
final class Ledger implements StateMachine {
    private final List<String> applied = new ArrayList<>();

    @Override
    public String apply(String command) {
        applied.add(command);
        return "#" + applied.size();
    }

    @Override
    public String read(String query) {
        return String.join(",", applied);
    }

    @Override
    public String snapshot() {
        return String.join(",", applied);
    }

    @Override
    public void restore(String snapshot) {
        applied.clear();
        if (!snapshot.isEmpty()) {
            applied.addAll(Arrays.asList(snapshot.split(",")));
        }
    }

    List<String> applied() {
        return List.copyOf(applied);
    }
}
