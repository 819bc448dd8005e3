package org.birthofds.bank;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Every change to the bank is one of these commands. The bank checks a command against its
 * state, the journal writes it down, and only then does the bank apply it. Replaying the same
 * commands in the same order rebuilds the same state, the idea that later chapters ship to
 * other machines.
 *
 * <p>On disk a command is one line of text, so {@code strings journal.log} is readable. Keys and
 * messages may hold spaces, so they are URL-encoded on that line.
 */
public sealed interface Command {

    record OpenAccount(String id) implements Command {
    }

    record Deposit(String id, long amount) implements Command {
    }

    record Withdrawal(String id, long amount) implements Command {
    }

    record Transfer(long number, String from, String to, long amount) implements Command {
        /** Unique across shards: every shard counts its own transfers, so the shard's id comes first. */
        public String transferId(String shard) {
            return shard + "-t" + number;
        }
    }

    // Chapter 4: a transfer between two shards, in two phases (see participant.Transactions and Intents).
    // The payer's shard keeps the transaction record, the one authority over its fate.

    /** At the payer: the record is PENDING and the amount is held, so no withdrawal can spend it meanwhile. */
    record Prepare(String tx, String from, String to, String toShard, long amount) implements Command {
    }

    /** At the payer: THE decision. PENDING becomes COMMITTED and the payer is debited, in one record. */
    record Commit(String tx) implements Command {
    }

    /**
     * At the payer: PENDING becomes ABORTED and the hold is released. {@code status} 0 means no
     * answer was ever given (the recovery pass gave up on a silent coordinator), else it is the
     * refusal every keyed repeat gets.
     */
    record Abort(String tx, int status, String code, String message) implements Command {
    }

    /** At the payee: a durable promise to credit, pointing at the record's shard; it reserves room under the limit. */
    record Intent(String tx, String to, long amount, String recordShard) implements Command {
    }

    /** At the payee: the intent is settled, credited ({@code applied}) or dropped. */
    record Resolved(String tx, boolean applied) implements Command {
    }

    // Chapter 4: an account moving to a new shard (see participant.Migrations). Three records, each durable before
    // the next step starts, so a crash anywhere leaves the account on exactly one shard that takes writes.

    /** At the old shard: the account takes no more writes here; it is on its way to {@code toShard}. */
    record Leaving(String id, String toShard) implements Command {
    }

    /** At the new shard: the account arrives with the balance the old shard exported. */
    record Imported(String id, long balance, String fromShard) implements Command {
    }

    /** At the old shard: the copy at {@code toShard} is durable; this one is gone, and requests for it are sent on. */
    record Moved(String id, String toShard) implements Command {
    }

    /**
     * A change made under an Idempotency-Key. The key sits in the same journal record as the
     * change it guards: a crash keeps both or neither, so a retry can never apply it twice.
     */
    record Keyed(String key, String request, Command change) implements Command {
    }

    /** A keyed request that the bank refused: nothing changed, but every repeat gets this same answer. */
    record Refused(String key, String request, int status, String code, String message) implements Command {
    }

    static String encode(Command command) {
        if (command instanceof Keyed c) {
            return "keyed " + escape(c.key()) + " " + escape(c.request()) + " " + encode(c.change());
        } else if (command instanceof Refused c) {
            return "refused " + escape(c.key()) + " " + escape(c.request()) + " " + c.status() + " " + c.code() + " "
                    + escape(c.message());
        } else if (command instanceof OpenAccount c) {
            return "open " + c.id();
        } else if (command instanceof Deposit c) {
            return "deposit " + c.id() + " " + c.amount();
        } else if (command instanceof Withdrawal c) {
            return "withdraw " + c.id() + " " + c.amount();
        } else if (command instanceof Prepare c) {
            return "prepare " + c.tx() + " " + c.from() + " " + c.to() + " " + c.toShard() + " " + c.amount();
        } else if (command instanceof Commit c) {
            return "commit " + c.tx();
        } else if (command instanceof Abort c) {
            return "abort " + c.tx() + " " + c.status() + " " + escape(c.code()) + " " + escape(c.message());
        } else if (command instanceof Intent c) {
            return "intent " + c.tx() + " " + c.to() + " " + c.amount() + " " + c.recordShard();
        } else if (command instanceof Resolved c) {
            return (c.applied() ? "applied " : "dropped ") + c.tx();
        } else if (command instanceof Leaving c) {
            return "leaving " + c.id() + " " + c.toShard();
        } else if (command instanceof Imported c) {
            return "imported " + c.id() + " " + c.balance() + " " + c.fromShard();
        } else if (command instanceof Moved c) {
            return "moved " + c.id() + " " + c.toShard();
        }
        Transfer c = (Transfer) command;
        return "transfer " + c.number() + " " + c.from() + " " + c.to() + " " + c.amount();
    }

    /** @throws IllegalArgumentException when the text is not a command this code ever wrote */
    static Command decode(String text) {
        String[] f = text.split(" ");
        try {
            return switch (f[0]) {
                case "keyed" -> keyed(text.split(" ", 4));
                case "refused" -> fields(f, 6, new Refused(unescape(f[1]), unescape(f[2]), Integer.parseInt(f[3]), f[4],
                        unescape(f[5])));
                case "open" -> fields(f, 2, new OpenAccount(f[1]));
                case "deposit" -> fields(f, 3, new Deposit(f[1], Long.parseLong(f[2])));
                case "withdraw" -> fields(f, 3, new Withdrawal(f[1], Long.parseLong(f[2])));
                case "transfer" -> fields(f, 5, new Transfer(Long.parseLong(f[1]), f[2], f[3], Long.parseLong(f[4])));
                case "prepare" -> fields(f, 6, new Prepare(f[1], f[2], f[3], f[4], Long.parseLong(f[5])));
                case "commit" -> fields(f, 2, new Commit(f[1]));
                case "abort" -> fields(f, 5, new Abort(f[1], Integer.parseInt(f[2]), unescape(f[3]), unescape(f[4])));
                case "intent" -> fields(f, 5, new Intent(f[1], f[2], Long.parseLong(f[3]), f[4]));
                case "applied" -> fields(f, 2, new Resolved(f[1], true));
                case "dropped" -> fields(f, 2, new Resolved(f[1], false));
                case "leaving" -> fields(f, 3, new Leaving(f[1], f[2]));
                case "imported" -> fields(f, 4, new Imported(f[1], Long.parseLong(f[2]), f[3]));
                case "moved" -> fields(f, 3, new Moved(f[1], f[2]));
                default -> throw new IllegalArgumentException("unknown command '" + f[0] + "'");
            };
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed command '" + text + "'");
        }
    }

    private static Command keyed(String[] f) {
        Command change = decode(f[3]);
        boolean guardable = change instanceof Deposit || change instanceof Withdrawal || change instanceof Transfer
                || change instanceof Prepare; // a cross-shard transfer's key is journaled with its prepare
        if (!guardable) {
            throw new IllegalArgumentException("no key guards '" + f[3] + "'");
        }
        return new Keyed(unescape(f[1]), unescape(f[2]), change);
    }

    private static String escape(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String unescape(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static Command fields(String[] f, int expected, Command command) {
        if (f.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " fields in '" + String.join(" ", f) + "'");
        }
        return command;
    }
}
