package org.birthofds.bank.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The health state machine, check by check: no HTTP, no clock. */
class HealthTest {

    @Test
    void a_node_is_ejected_after_n_failed_checks_in_a_row_and_readmitted_after_m_answered() {
        // 1. Eject after 2 failed checks in a row, re-admit after 3 answered.
        Health health = new Health(List.of("A", "B"), 2, 3);
        assertThat(health.admitted("A")).isTrue();

        // 2. One failed check is not enough; the second is.
        health.checkFailed("A", "refused");
        assertThat(health.admitted("A")).isTrue();
        health.checkFailed("A", "refused");
        assertThat(health.admitted("A")).isFalse();
        assertThat(health.ejections("A")).isEqualTo(1);

        // 3. More failures while out are not more ejections.
        health.checkFailed("A", "refused");
        assertThat(health.ejections("A")).isEqualTo(1);

        // 4. Two answers are not enough to come back; the third is.
        health.checkAnswered("A");
        health.checkAnswered("A");
        assertThat(health.admitted("A")).isFalse();
        health.checkAnswered("A");
        assertThat(health.admitted("A")).isTrue();

        // 5. B was never touched.
        assertThat(health.admitted("B")).isTrue();
        assertThat(health.ejections("B")).isZero();
    }

    @Test
    void only_checks_in_a_row_count_either_way() {
        Health health = new Health(List.of("A"), 2, 2);

        // 1. An answer between two failures starts the count again.
        health.checkFailed("A", "timeout");
        health.checkAnswered("A");
        health.checkFailed("A", "timeout");
        assertThat(health.admitted("A")).isTrue();
        health.checkFailed("A", "timeout");
        assertThat(health.admitted("A")).isFalse();

        // 2. A failure between two answers does too: a node going up and down stays out.
        health.checkAnswered("A");
        health.checkFailed("A", "timeout");
        health.checkAnswered("A");
        assertThat(health.admitted("A")).isFalse();
        health.checkAnswered("A");
        assertThat(health.admitted("A")).isTrue();
        assertThat(health.ejections("A")).isEqualTo(1);
    }

    @Test
    void a_refused_connection_ejects_at_once_and_only_answered_checks_bring_the_node_back() {
        Health health = new Health(List.of("A", "B"), 3, 2);

        // 1. A request that could not connect takes the node out without waiting for the checks.
        health.refused("A", "Connection refused");
        assertThat(health.admitted("A")).isFalse();
        assertThat(health.ejections("A")).isEqualTo(1);

        // 2. Refused again while out: still one ejection. An answer, refused again: the count starts over.
        health.refused("A", "Connection refused");
        health.checkAnswered("A");
        health.refused("A", "Connection refused");
        health.checkAnswered("A");
        assertThat(health.admitted("A")).isFalse();
        assertThat(health.ejections("A")).isEqualTo(1);

        // 3. Two answered checks in a row bring it back, and the next refusal takes it out again.
        health.checkAnswered("A");
        assertThat(health.admitted("A")).isTrue();
        health.refused("A", "Connection refused");
        assertThat(health.ejections("A")).isEqualTo(2);
        assertThat(health.admitted("B")).isTrue();
    }
}
