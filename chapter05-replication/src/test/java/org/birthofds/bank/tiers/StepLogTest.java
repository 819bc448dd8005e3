package org.birthofds.bank.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launcher's step log: bounded, oldest first, and each step printed as the typed command always said it. */
class StepLogTest {
    @Test
    @Timeout(10)
    void it_keeps_the_last_fifty_steps_oldest_first_and_prints_each_one() {
        List<String> printed = new ArrayList<>();
        StepLog log = new StepLog(printed::add);
        StepLog.Command replace = log.begin("replace s1r3");

        for (int i = 1; i <= StepLog.KEPT + 10; i++) {
            replace.done("step " + i);
        }

        assertThat(log.recent()).hasSize(StepLog.KEPT);
        assertThat(log.recent().get(0).step()).isEqualTo("step 11");
        assertThat(log.recent().get(StepLog.KEPT - 1).step()).isEqualTo("step " + (StepLog.KEPT + 10));
        assertThat(log.recent()).allSatisfy(step -> assertThat(step.command()).isEqualTo("replace s1r3"));
        assertThat(replace.steps()).hasSize(StepLog.KEPT + 10); // the command's own answer is not cut
        assertThat(printed).hasSize(StepLog.KEPT + 10).first().isEqualTo("replace s1r3: step 1");
    }
}
