package org.birthofds.bank;

import java.math.BigInteger;
import java.util.List;

/** The JSON bodies of the API (top-level README.md, "The API"), as records: what the front door answers. */
final class Bodies {
    private Bodies() {
    }

    record Account(String id, long balance) {
    }

    /** The total is a BigInteger: many accounts at the balance limit would overflow a long. */
    record AccountList(List<Account> accounts, BigInteger total) {
    }

    record TransferDone(String transferId, String from, String to, long amount) {
    }

    record Health(String status, String node) {
    }

    record Error(String error, String message) {
    }
}
