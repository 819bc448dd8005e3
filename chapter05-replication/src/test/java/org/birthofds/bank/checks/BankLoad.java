package org.birthofds.bank.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A seeded concurrent load over the sharded bank, recorded as a {@link History}: the client side
 * of Jepsen's bank test. The bank under test is whatever {@code urls} point at (logic nodes);
 * the caller checks the history with {@link BankCheck}. Public to the root test package, which
 * starts the shards.
 */
public final class BankLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private BankLoad() {
    }

    /** The verdict, and what it ran. */
    public record Outcome(boolean passed, String report) {
    }

    /**
     * Opens {@code accounts}, funds each with 1000, then runs {@code clients} threads of
     * {@code opsEach} random operations (transfers between any two accounts, deposits,
     * withdrawals, and a read-all every few), each through a logic node picked at random, and
     * ends with a read-all.
     */
    public static Outcome run(List<String> urls, List<String> accounts, long seed, int clients, int opsEach) throws Exception {
        return run(urls, accounts, seed, clients, opsEach, (client, op) -> { });
    }

    /** Runs before each client's operation, on its thread; a test may block it there to line the load up with an event. */
    public interface Pacing {
        void before(int client, int op) throws InterruptedException;
    }

    /** The same load, with {@code pacing} called before each operation (for a load across an event, such as adding a shard). */
    public static Outcome run(List<String> urls, List<String> accounts, long seed, int clients, int opsEach, Pacing pacing)
            throws Exception {
        History history = new History();
        for (String account : accounts) {
            complete(history, "setup", History.Op.open(account), urls.get(0), "POST", "/accounts", "{\"id\":\"" + account + "\"}");
            complete(history, "setup", History.Op.deposit(account, 1000), urls.get(0), "POST",
                    "/accounts/" + account + "/deposits", "{\"amount\":1000}");
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Random random = new Random(seed * 31 + c);
                String client = "c" + c;
                int number = c;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < opsEach; i++) {
                        pacing.before(number, i);
                        step(history, client, random, urls, accounts);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        complete(history, "final", History.Op.readAll(), urls.get(0), "GET", "/accounts", null);
        BankCheck.Result result = BankCheck.check(history, seed,
                "mvn -B -ntp -q -pl chapter05-replication test -Dtest=AtomicityTest -Dseed=" + seed);
        return new Outcome(result.passed(), result.report());
    }

    private static void step(History history, String client, Random random, List<String> urls, List<String> accounts) {
        String url = urls.get(random.nextInt(urls.size()));
        String a = accounts.get(random.nextInt(accounts.size()));
        int dice = random.nextInt(10);
        long amount = 1 + random.nextInt(400);
        if (dice < 5) {
            String b = accounts.get(random.nextInt(accounts.size()));
            if (b.equals(a)) {
                b = accounts.get((accounts.indexOf(a) + 1) % accounts.size());
            }
            complete(history, client, History.Op.transfer(a, b, amount), url, "POST", "/transfers",
                    "{\"from\":\"" + a + "\",\"to\":\"" + b + "\",\"amount\":" + amount + "}");
        } else if (dice < 7) {
            complete(history, client, History.Op.deposit(a, amount), url, "POST", "/accounts/" + a + "/deposits",
                    "{\"amount\":" + amount + "}");
        } else if (dice < 9) {
            complete(history, client, History.Op.withdraw(a, amount), url, "POST", "/accounts/" + a + "/withdrawals",
                    "{\"amount\":" + amount + "}");
        } else {
            complete(history, client, History.Op.readAll(), url, "GET", "/accounts", null);
        }
    }

    /** Invokes, sends, and completes as ok, fail (a 4xx refusal) or unknown (no answer, a 5xx). */
    private static void complete(History history, String client, History.Op op, String url, String method, String path,
                                 String json) {
        History.Call call = history.invoke(client, op);
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10));
            request = json == null ? request.GET()
                    : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            history.unknown(call);
            return;
        }
        int status = response.statusCode();
        if (status >= 500) {
            history.unknown(call);
        } else if (status >= 400) {
            history.fail(call);
        } else if (op.isRead()) {
            history.ok(call, balances(response.body()));
        } else {
            history.ok(call);
        }
    }

    private static Map<String, Long> balances(String body) {
        try {
            Map<String, Long> balances = new TreeMap<>();
            for (JsonNode account : JSON.readTree(body).path("accounts")) {
                balances.put(account.path("id").asText(), account.path("balance").asLong());
            }
            return balances;
        } catch (Exception e) {
            throw new AssertionError("not a listing: " + body, e);
        }
    }

    /** For the caller's assertion message. */
    public static void assertPassed(Outcome outcome) {
        assertThat(outcome.passed()).as(outcome.report()).isTrue();
    }
}
