package org.birthofds.bank.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The retry rule, case by case: sent again only when twice cannot move money twice. */
class RetryTest {

    @Test
    void a_request_that_never_left_the_balancer_may_go_to_another_node_whatever_it_is() {
        assertThat(Retry.allowed("POST", false, false)).isTrue();
        assertThat(Retry.allowed("POST", true, false)).isTrue();
        assertThat(Retry.allowed("GET", false, false)).isTrue();
    }

    @Test
    void a_request_that_may_have_reached_a_node_goes_again_only_if_it_is_a_read_or_keyed() {
        assertThat(Retry.allowed("GET", false, true)).isTrue();
        assertThat(Retry.allowed("POST", true, true)).isTrue();
        assertThat(Retry.allowed("POST", false, true)).isFalse();
    }
}
