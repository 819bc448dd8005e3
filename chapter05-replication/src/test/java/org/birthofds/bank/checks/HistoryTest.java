package org.birthofds.bank.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.birthofds.bank.checks.History.Call;
import org.birthofds.bank.checks.History.Event;
import org.birthofds.bank.checks.History.Op;
import org.junit.jupiter.api.Test;

/** The recorder the check trusts: if it lost or reordered events, every verdict would be suspect. */
class HistoryTest {
    @Test
    void many_clients_record_into_one_history_without_losing_or_reordering_events() throws Exception {
        History shared = new History();
        int clients = 4;
        int callsEach = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String client = "c" + c;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < callsEach; i++) {
                        shared.ok(shared.invoke(client, Op.deposit(client, 1)));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Event> events = shared.events();
        assertThat(events).hasSize(2 * clients * callsEach);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isEqualTo(i);
        }
        assertThat(events.stream().map(e -> e.call().id()).distinct()).hasSize(clients * callsEach);
    }

    @Test
    void an_operation_completes_only_once() {
        History history = new History();
        Call call = history.invoke("c1", Op.deposit("alice", 1));
        history.ok(call);

        assertThatThrownBy(() -> history.unknown(call)).hasMessageContaining("already completed");
    }
}
