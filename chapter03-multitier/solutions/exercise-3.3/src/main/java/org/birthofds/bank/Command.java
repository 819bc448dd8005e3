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
        public String transferId() {
            return "t" + number;
        }
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
                default -> throw new IllegalArgumentException("unknown command '" + f[0] + "'");
            };
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed command '" + text + "'");
        }
    }

    private static Command keyed(String[] f) {
        Command change = decode(f[3]);
        if (change instanceof Keyed || change instanceof Refused) {
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
