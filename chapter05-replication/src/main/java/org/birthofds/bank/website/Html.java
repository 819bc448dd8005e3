package org.birthofds.bank.website;

/**
 * Escaping for HTML text and attribute values. Every value that reaches a page goes through it,
 * whatever its origin: messages echo what the customer typed, and a logic tier of a later
 * chapter may allow ids that this one refuses.
 */
final class Html {
    private Html() {
    }

    /** Echo what the customer typed, but never 16 KiB of it: the page escapes it later. */
    static String quote(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + shown + "'";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
