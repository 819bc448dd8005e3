package org.birthofds.bank.ledger;

import java.util.Arrays;
import java.util.List;

/**
 * One log entry's text: "TAG TIME VERB ARGS...". The tag names whose step it is: a client's
 * request ("c1#5"), a cross-shard transfer ("x-c1-5", chapter 4's transfer id) or a consistent
 * read's freeze ("f-l2-1-7"); every step is idempotent by it. The time is the sender's clock when
 * it proposed the entry, carried inside it because a state machine may read no clock of its own:
 * so a freeze's lease runs out at the same log position on every replica.
 */
public record Command(String tag, long time, String verb, List<String> args) {
    public Command {
        args = List.copyOf(args);
    }

    public static Command of(String tag, long time, String verb, Object... args) {
        return new Command(tag, time, verb, Arrays.stream(args).map(String::valueOf).toList());
    }

    public static Command parse(String text) {
        String[] words = text.split(" ");
        return new Command(words[0], Long.parseLong(words[1]), words[2], List.of(words).subList(3, words.length));
    }

    public String arg(int i) {
        return args.get(i);
    }

    public long number(int i) {
        return Long.parseLong(args.get(i));
    }

    public String text() {
        return tag + " " + time + " " + verb + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }
}
