package org.birthofds.bank.website;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What people type, in dollars, and the whole cents the API takes. */
class DollarsTest {

    @ParameterizedTest
    @CsvSource({"12.50, 1250", "12.5, 1250", "12, 1200", "$12.50, 1250", "0.01, 1", "0.10, 10", "' 7.05 ', 705",
            "9999999999999.99, 999999999999999"})
    void dollars_with_at_most_two_decimals_become_exact_cents(String typed, long cents) {
        assertThat(Dollars.parse(typed)).hasValue(cents);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".5", "12.", "12.505", "-1", "+1", "1e3", "12,50", "0x10", "12 50", "$", "10000000000000"})
    void anything_else_is_not_an_amount(String typed) {
        assertThat(Dollars.parse(typed)).isEmpty();
    }

    @Test
    void cents_are_shown_as_dollars_with_two_decimals() {
        assertThat(Dollars.format(0)).isEqualTo("$0.00");
        assertThat(Dollars.format(5)).isEqualTo("$0.05");
        assertThat(Dollars.format(1250)).isEqualTo("$12.50");
        assertThat(Dollars.format(new BigInteger("2000000000000000000"))).isEqualTo("$20000000000000000.00");
    }
}
