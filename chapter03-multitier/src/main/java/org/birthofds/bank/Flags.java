package org.birthofds.bank;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A tier's command line, checked against the flags that tier accepts. Unknown flags and bad
 * values stop the start with a message that names them. Each tier's own record (for example
 * {@link LogicFlags}) says which flags it takes and what they default to.
 */
final class Flags {
    private final Map<String, String> given;

    private Flags(Map<String, String> given) {
        this.given = given;
    }

    /** @throws IllegalArgumentException with a message fit for the reader */
    static Flags parse(Set<String> withValue, Set<String> switches, String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (switches.contains(flag)) {
                given.put(flag, "true");
            } else if (!withValue.contains(flag)) {
                throw new IllegalArgumentException("Unknown flag " + ApiError.quote(flag) + ".");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Flag " + flag + " needs a value.");
            } else {
                given.put(flag, args[++i]);
            }
        }
        return new Flags(given);
    }

    String text(String flag, String fallback) {
        return given.getOrDefault(flag, fallback);
    }

    boolean on(String flag) {
        return given.containsKey(flag);
    }

    Duration millis(String flag, int fallback) {
        return Duration.ofMillis(number(flag, fallback, 0, 600_000));
    }

    /** An http:// URL of another tier, such as --data-url http://127.0.0.1:7071. */
    URI url(String flag, String fallback) {
        String value = text(flag, fallback);
        try {
            URI url = URI.create(value);
            if ("http".equals(url.getScheme()) && url.getHost() != null && url.getPort() > 0) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // the message below says what was expected
        }
        throw new IllegalArgumentException("Flag " + flag + " takes a URL such as http://127.0.0.1:7071, not "
                + ApiError.quote(value) + ".");
    }

    int number(String flag, int fallback, int min, int max) {
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
                + ", not " + ApiError.quote(value) + ".");
    }
}
