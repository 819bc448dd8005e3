package org.birthofds.bank.website;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.birthofds.bank.Bodies;

/**
 * People type and read dollars; the API speaks whole cents. The conversion happens here, at the
 * edge, and only here: no floating point, so $0.10 + $0.20 is exactly 30 cents.
 */
final class Dollars {
    /** "12.50", "12.5", "12" or "$12.50"; 13 digits at most, so the cents always fit in a long. */
    private static final Pattern TYPED = Pattern.compile("\\$?([0-9]{1,13}(?:\\.[0-9]{1,2})?)");

    private Dollars() {
    }

    /** The cents in what someone typed, or empty if it is not a number of dollars with at most two decimals. */
    static OptionalLong parse(String typed) {
        Matcher m = TYPED.matcher(typed.trim());
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(new BigDecimal(m.group(1)).movePointRight(2).longValueExact());
    }

    static String format(long cents) {
        return format(BigInteger.valueOf(cents));
    }

    /** The total of all balances is a BigInteger: see {@link Bodies.AccountList}. */
    static String format(BigInteger cents) {
        return "$" + new BigDecimal(cents, 2).toPlainString();
    }
}
