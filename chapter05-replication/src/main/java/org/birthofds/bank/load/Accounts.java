package org.birthofds.bank.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts this run opens, funds and moves money between, and the bank's invariant over
 * them: transfers move money, they never make or lose any.
 */
final class Accounts {

    /** Enough for several transfers each, few enough that some payers run dry and are refused. */
    static final long STARTING_BALANCE_CENTS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sum of balances against the sum deposited, over this run's accounts. */
    record Invariant(int accounts, long deposited, long sum, int negative) {
        boolean holds() {
            return sum == deposited && negative == 0;
        }
    }

    private final List<String> ids;

    private Accounts(List<String> ids) {
        this.ids = ids;
    }

    /**
     * Opens {@code count} new accounts and deposits the starting balance into each. The ids carry
     * the wall clock in base 36, so a second run against the same durable bank opens fresh ones.
     */
    static Accounts open(BankClient bank, int count) throws IOException {
        String run = "lg-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = run + i;
            expect(bank.openAccount(id), "open account " + id);
            expect(bank.deposit(id, STARTING_BALANCE_CENTS), "deposit into " + id);
            ids.add(id);
        }
        return new Accounts(List.copyOf(ids));
    }

    List<String> ids() {
        return ids;
    }

    long deposited() {
        return ids.size() * STARTING_BALANCE_CENTS;
    }

    /** Reads every balance once; call it when no transfer is in flight. */
    Invariant check(BankClient bank) throws IOException {
        long sum = 0;
        int negative = 0;
        for (String id : ids) {
            long balance = balance(expect(bank.account(id), "read account " + id));
            sum += balance;
            negative += balance < 0 ? 1 : 0;
        }
        return new Invariant(ids.size(), deposited(), sum, negative);
    }

    private static long balance(BankClient.Answer answer) throws IOException {
        JsonNode balance = JSON.readTree(answer.body()).path("balance");
        if (!balance.canConvertToLong()) {
            throw new IOException("no whole-number balance in " + answer.body());
        }
        return balance.asLong();
    }

    private static BankClient.Answer expect(BankClient.Answer answer, String what) throws IOException {
        if (!answer.ok()) {
            throw new IOException("could not " + what + ": " + answer.status() + " " + answer.body());
        }
        return answer;
    }
}
