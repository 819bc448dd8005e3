package org.birthofds.bank.node;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A node's command line, checked against the flags that node accepts. Unknown flags and bad
 * values stop the start with a message that names them. Each node's own flags record (the data
 * tier's {@code Flags}, {@code LogicFlags}, {@code WebsiteFlags}) says which flags it takes and
 * what they default to, so a new kind of node needs a record, not another parser.
 */
public final class CommandLine {
    private final Map<String, String> given;

    private CommandLine(Map<String, String> given) {
        this.given = given;
    }

    /** @throws IllegalArgumentException with a message fit for the reader */
    public static CommandLine parse(Set<String> withValue, Set<String> switches, String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (switches.contains(flag)) {
                given.put(flag, "true");
            } else if (!withValue.contains(flag)) {
                throw new IllegalArgumentException("Unknown flag " + quote(flag) + ".");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Flag " + flag + " needs a value.");
            } else {
                given.put(flag, args[++i]);
            }
        }
        return new CommandLine(given);
    }

    public String text(String flag, String fallback) {
        return given.getOrDefault(flag, fallback);
    }

    public boolean on(String flag) {
        return given.containsKey(flag);
    }

    public Duration millis(String flag, int fallback) {
        return Duration.ofMillis(number(flag, fallback, 0, 600_000));
    }

    /** An http:// URL of another tier, such as --data-url http://127.0.0.1:7071. */
    public URI url(String flag, String fallback) {
        return checkedUrl(flag, text(flag, fallback));
    }

    /**
     * Other nodes by name, in the order given, such as {@code --nodes logic-1=http://127.0.0.1:7081,logic-2=...}.
     * A node is reached by its URL only, so the same flag works when each node runs on a machine of its own.
     */
    public Map<String, URI> namedUrls(String flag, String fallback) {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (String pair : text(flag, fallback).split(",", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Flag " + flag + " takes name=URL pairs separated by commas, such as "
                        + "logic-1=http://127.0.0.1:7081,logic-2=http://127.0.0.1:7082, not " + quote(pair) + ".");
            }
            String name = pair.substring(0, equals);
            if (urls.put(name, checkedUrl(flag, pair.substring(equals + 1))) != null) {
                throw new IllegalArgumentException("Flag " + flag + " names " + quote(name) + " twice.");
            }
        }
        return Collections.unmodifiableMap(urls);
    }

    private static URI checkedUrl(String flag, String value) {
        try {
            URI url = URI.create(value);
            if ("http".equals(url.getScheme()) && url.getHost() != null && url.getPort() > 0) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // the message below says what was expected
        }
        throw new IllegalArgumentException("Flag " + flag + " takes a URL such as http://127.0.0.1:7071, not "
                + quote(value) + ".");
    }

    public int number(String flag, int fallback, int min, int max) {
        String value = given.get(flag);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new IllegalArgumentException("Flag " + flag + " takes a whole number from " + min + " to " + max
                + ", not " + quote(value) + ".");
    }

    /** Echo what was typed, but never a whole file of it. */
    private static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + shown + "'";
    }
}
