package org.birthofds.bank;

import java.util.regex.Pattern;

/**
 * The API's limits on ids and amounts, in one place. Amounts are whole cents. Public: it is part
 * of the API's contract, which every tier checks, not of the engine behind it.
 */
public final class Money {
    public static final long MAX_AMOUNT = 1_000_000_000_000L;
    public static final long MAX_BALANCE = 1_000_000_000_000_000L;
    private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z0-9_-]{1,32}");

    private Money() {
    }

    public static boolean isAccountId(String id) {
        return id != null && ACCOUNT_ID.matcher(id).matches();
    }

    public static boolean isAmount(long amount) {
        return amount >= 1 && amount <= MAX_AMOUNT;
    }
}
