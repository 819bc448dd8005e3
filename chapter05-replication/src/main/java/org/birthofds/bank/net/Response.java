package org.birthofds.bank.net;

/** What another tier answered over HTTP, success or refusal; only a missing answer is an exception ({@link Unreachable}). */
public record Response(int status, String body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
