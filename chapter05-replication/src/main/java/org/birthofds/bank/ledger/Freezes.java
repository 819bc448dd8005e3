package org.birthofds.bank.ledger;

import java.util.function.Supplier;

/**
 * A group's half of the consistent read across groups, chapter 4's freeze carried through the
 * log: the "freeze" entry stops every write after it, until the reader's "thaw" entry or until
 * the lease runs out. A state machine has no clock, so the lease is a time inside the entries:
 * the freeze says until when it holds, and every write says when it was sent; the first write
 * sent after the lease lapses the freeze, at the same log position on every replica, so a logic
 * node that dies mid-read cannot stop the group for ever. (Across real machines this trusts the
 * senders' clocks to roughly agree, as every lease does.) The thaw tells the reader whether its
 * freeze held to the end; only then is what it read one moment of the whole bank.
 */
public final class Freezes {
    public static final String FROZEN = "refused frozen";

    private String current;
    private long until;
    private String ended;
    private String endedHow;

    /** Null if the command may change the state now, else the refusal; a write past the lease ends the freeze. */
    String admit(Command c) {
        if (current == null || c.verb().equals("thaw") || c.tag().equals(current)) {
            return null;
        }
        if (c.verb().equals("apply") && c.args().contains(current)) {
            return null; // the reader itself settling an intent it met while everything was frozen
        }
        if (c.time() >= until) {
            end("lapsed");
            return null;
        }
        return FROZEN;
    }

    /** "freeze UNTIL": answers "frozen " and the group's state at this one position of its log. */
    String freeze(Command c, Supplier<String> state) {
        if (c.tag().equals(ended)) {
            return "refused " + endedHow; // a freeze retried after its reader thawed it must not come back
        }
        if (current == null) {
            current = c.tag();
            until = c.number(0);
        }
        return "frozen " + state.get();
    }

    /** "thawed" if the freeze held from its entry to this one, "lapsed" if a write got past its lease. */
    String thaw(String freeze) {
        if (freeze.equals(current)) {
            end("thawed");
        } else if (!freeze.equals(ended)) {
            ended = freeze;
            endedHow = "lapsed";
        }
        return endedHow;
    }

    private void end(String how) {
        ended = current;
        endedHow = how;
        current = null;
    }
}
