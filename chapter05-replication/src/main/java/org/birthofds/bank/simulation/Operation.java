package org.birthofds.bank.simulation;

/** What a simulated client asks the bank; amounts in cents. {@code to} only for a transfer. */
public record Operation(Kind kind, String account, String to, long amount) {
    public enum Kind { DEPOSIT, WITHDRAW, TRANSFER, READ_ONE, READ_ALL }

    public boolean isRead() {
        return kind == Kind.READ_ONE || kind == Kind.READ_ALL;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DEPOSIT -> "deposit(" + account + ", " + amount + ")";
            case WITHDRAW -> "withdraw(" + account + ", " + amount + ")";
            case TRANSFER -> "transfer(" + account + " -> " + to + ", " + amount + ")";
            case READ_ONE -> "read-one(" + account + ")";
            case READ_ALL -> "read-all";
        };
    }
}
