package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random operation sequences, run against the bank and against a model a reader can check by
 * eye. Seeds are fixed so the run is repeatable; pass {@code -Dbank.seed=N} to try another.
 */
class ModelPropertyTest {
    private static final String[] IDS = {"alice", "bob", "carol", "dave", "erin"};
    private static final int OPERATIONS = 300;

    private FrontDoor node;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        node = FrontDoor.memoryOnly();
        api = new ApiClient(node.url());
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    static LongStream seeds() {
        Long chosen = Long.getLong("bank.seed");
        return chosen != null ? LongStream.of(chosen) : LongStream.rangeClosed(1, 8);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void random_operations_agree_with_a_simple_model(long seed) {
        Random random = new Random(seed);
        Map<String, Long> model = new TreeMap<>();
        for (int i = 0; i < OPERATIONS; i++) {
            String step = "seed " + seed + " (rerun with -Dbank.seed=" + seed + "), operation " + i;
            step(random, model, step);
        }
        assertThat(api.everything().path("total").asLong())
                .as("final total, seed %d", seed)
                .isEqualTo(model.values().stream().mapToLong(Long::longValue).sum());
        for (Map.Entry<String, Long> account : model.entrySet()) {
            assertThat(api.get("/accounts/" + account.getKey()).balance()).as("seed %d", seed).isEqualTo(account.getValue());
        }
    }

    private void step(Random random, Map<String, Long> model, String step) {
        String a = IDS[random.nextInt(IDS.length)];
        String b = IDS[random.nextInt(IDS.length)];
        long amount = random.nextInt(10) == 0 ? Money.MAX_AMOUNT : 1 + random.nextInt(1000);
        switch (random.nextInt(4)) {
            case 0 -> expect(step, api.open(a), model.containsKey(a) ? 409 : 201, () -> model.put(a, 0L));
            case 1 -> expect(step, api.deposit(a, amount), depositStatus(model, a, amount), () -> model.merge(a, amount, Long::sum));
            case 2 -> expect(step, api.withdraw(a, amount), withdrawStatus(model, a, amount), () -> model.merge(a, -amount, Long::sum));
            default -> expect(step, api.transfer(a, b, amount), transferStatus(model, a, b, amount), () -> {
                model.merge(a, -amount, Long::sum);
                model.merge(b, amount, Long::sum);
            });
        }
    }

    private static int depositStatus(Map<String, Long> model, String id, long amount) {
        if (!model.containsKey(id)) {
            return 404;
        }
        return model.get(id) + amount > Money.MAX_BALANCE ? 422 : 200;
    }

    private static int withdrawStatus(Map<String, Long> model, String id, long amount) {
        if (!model.containsKey(id)) {
            return 404;
        }
        return model.get(id) < amount ? 422 : 200;
    }

    private static int transferStatus(Map<String, Long> model, String from, String to, long amount) {
        if (from.equals(to)) {
            return 400;
        }
        if (!model.containsKey(from) || !model.containsKey(to)) {
            return 404;
        }
        if (model.get(from) < amount || model.get(to) + amount > Money.MAX_BALANCE) {
            return 422;
        }
        return 201;
    }

    private static void expect(String step, ApiClient.Reply reply, int status, Runnable applyToModel) {
        assertThat(reply.status()).as("%s: %s", step, reply.body()).isEqualTo(status);
        if (status < 300) {
            applyToModel.run();
        }
    }
}
