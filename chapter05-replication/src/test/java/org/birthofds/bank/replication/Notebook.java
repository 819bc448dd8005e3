package org.birthofds.bank.replication;

/** The tests' state machine when only the log matters: every command is "done", every read empty. */
public final class Notebook implements StateMachine {
    public static final StateMachine NOTEBOOK = new Notebook();

    private Notebook() {
    }

    @Override
    public String apply(String command) {
        return "done";
    }

    @Override
    public String read(String query) {
        return "";
    }

    @Override
    public String snapshot() {
        return "";
    }

    @Override
    public void restore(String snapshot) {
    }
}
