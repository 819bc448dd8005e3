package org.birthofds.bank.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The cheap front door's other half: a request that came on a caller's stream enters the log as
 * its caller wrote it, not read into records and written out again, and it is applied exactly as
 * the same request entered in records would be. Since its text goes into the entry as it is, the
 * replica first takes it only if it is one request and nothing more.
 */
class StampedTest {
    // Written by hand on purpose, spaces and field order included: Jackson would write it otherwise.
    private static final String AS_WRITTEN = "{ \"amount\": 5, \"verb\": \"deposit\", \"id\": \"alice\", \"key\": \"k-1\" }";

    @Test
    void a_request_enters_the_log_as_its_caller_wrote_it_and_reads_back_as_the_same_request() {
        String entry = ShardRequest.Stamped.encode(7, AS_WRITTEN);

        assertThat(entry).contains(AS_WRITTEN);
        assertThat(ShardRequest.Stamped.decode(entry))
                .isEqualTo(new ShardRequest.Stamped(7, new ShardRequest.Deposit("alice", 5, "k-1")));
    }

    @Test
    void only_one_request_and_nothing_after_it_is_taken() {
        assertThat(ShardRequest.Stamped.check(AS_WRITTEN)).isEqualTo(new ShardRequest.Deposit("alice", 5, "k-1"));
        // Something after it would end up inside the entry, beside the leader's own stamp.
        assertThatThrownBy(() -> ShardRequest.Stamped.check(AS_WRITTEN + ", \"time\": 99"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardRequest.Stamped.check("{\"verb\":\"burn\",\"id\":\"alice\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardRequest.Stamped.check("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
