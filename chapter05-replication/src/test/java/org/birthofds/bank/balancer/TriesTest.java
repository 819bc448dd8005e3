package org.birthofds.bank.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A try's timeout is what is left of its request's time, in whole milliseconds: rounded up, so
 * that when the try times out the request's time is up too, and a read that used up its time is
 * not sent to another node (BalancerRetryTest, on a real hung node, where rounding down made that
 * happen one run in many).
 */
class TriesTest {

    @Test
    void a_fraction_of_a_millisecond_left_is_a_whole_one() {
        assertThat(Tries.roundedUp(299_000_001L)).isEqualTo(300);
        assertThat(Tries.roundedUp(1L)).isEqualTo(1);
    }

    @Test
    void whole_milliseconds_stay_as_they_are_and_no_time_left_is_zero() {
        assertThat(Tries.roundedUp(300_000_000L)).isEqualTo(300);
        assertThat(Tries.roundedUp(0L)).isZero();
        assertThat(Tries.roundedUp(-5_000_000L)).isZero();
    }

    @Test
    void a_request_without_a_limit_always_has_time() {
        Tries unlimited = new Tries(java.time.Duration.ZERO, null);
        assertThat(unlimited.limited()).isFalse();
        assertThat(unlimited.timeIsUp()).isFalse();
    }
}
