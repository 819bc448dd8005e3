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
import org.birthofds.bank.simulation.Run;

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
        return run(urls, accounts, seed, clients, opsEach, pacing, false, new Marks());
    }

    /** Faults, as a test strikes them, on the load's clock (ms since it began), to draw on a timeline. */
    public static final class Marks {
        private final long origin = System.nanoTime();
        private final List<Run.Mark> marks = new java.util.concurrent.CopyOnWriteArrayList<>();

        public void add(String label) {
            marks.add(new Run.Mark(now(), label));
        }

        long now() {
            return (System.nanoTime() - origin) / 1_000_000;
        }
    }

    /**
     * Chapter 5's careful client, for a load across machines dying: every write carries an
     * Idempotency-Key and is sent again under it while its outcome is unknown (a 503, no answer),
     * single balances are read as well as the whole bank, and the history must also be
     * linearizable, account by account. {@code marks} (the faults the test struck) are drawn on the
     * timeline written for a violation.
     */
    public static Outcome runKeyed(List<String> urls, List<String> accounts, long seed, int clients, int opsEach,
                                   Pacing pacing, Marks marks) throws Exception {
        return run(urls, accounts, seed, clients, opsEach, pacing, true, marks);
    }

    private static Outcome run(List<String> urls, List<String> accounts, long seed, int clients, int opsEach, Pacing pacing,
                               boolean keyed, Marks marks) throws Exception {
        History history = new History(marks::now);
        Client setup = new Client("setup", keyed, seed);
        for (String account : accounts) {
            setup.complete(history, History.Op.open(account), urls.get(0), "POST", "/accounts", "{\"id\":\"" + account + "\"}");
            setup.complete(history, History.Op.deposit(account, 1000), urls.get(0), "POST",
                    "/accounts/" + account + "/deposits", "{\"amount\":1000}");
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Random random = new Random(seed * 31 + c);
                Client client = new Client("c" + c, keyed, seed);
                int number = c;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < opsEach; i++) {
                        pacing.before(number, i);
                        step(history, client, random, urls, accounts, keyed);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(100, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        new Client("final", keyed, seed).complete(history, History.Op.readAll(), urls.get(0), "GET", "/accounts", null);
        String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(f -> f.getDeclaringClass().getSimpleName()).filter(n -> n.endsWith("Test")).findFirst().orElse("BankLoad"));
        BankCheck.Result result = BankCheck.check(history, seed,
                "mvn -B -ntp -q -pl chapter05-replication test -Dtest=" + test + " -Dseed=" + seed);
        if (!keyed) {
            return new Outcome(result.passed(), result.report());
        }
        Linearizability.Result linear = Linearizability.check(history, List.copyOf(marks.marks), test + "-seed-" + seed, 20_000);
        boolean linearizable = linear.verdict() == Linearizability.Verdict.LINEARIZABLE; // "gave up" is no pass
        return new Outcome(result.passed() && linearizable, result.report() + "\n" + linear.message());
    }

    private static void step(History history, Client client, Random random, List<String> urls, List<String> accounts,
                             boolean readOnes) {
        String url = urls.get(random.nextInt(urls.size()));
        String a = accounts.get(random.nextInt(accounts.size()));
        int dice = random.nextInt(10);
        long amount = 1 + random.nextInt(400);
        if (dice < 5) {
            String b = accounts.get(random.nextInt(accounts.size()));
            if (b.equals(a)) {
                b = accounts.get((accounts.indexOf(a) + 1) % accounts.size());
            }
            client.complete(history, History.Op.transfer(a, b, amount), url, "POST", "/transfers",
                    "{\"from\":\"" + a + "\",\"to\":\"" + b + "\",\"amount\":" + amount + "}");
        } else if (dice < 7) {
            client.complete(history, History.Op.deposit(a, amount), url, "POST", "/accounts/" + a + "/deposits",
                    "{\"amount\":" + amount + "}");
        } else if (dice < 9) {
            client.complete(history, History.Op.withdraw(a, amount), url, "POST", "/accounts/" + a + "/withdrawals",
                    "{\"amount\":" + amount + "}");
        } else if (readOnes && random.nextBoolean()) {
            // Most often the account this client wrote last: reading one's own write is where a stale read shows.
            String read = client.lastWritten != null && random.nextInt(4) > 0 ? client.lastWritten : a;
            client.complete(history, History.Op.readOne(read), url, "GET", "/accounts/" + read, null);
        } else {
            client.complete(history, History.Op.readAll(), url, "GET", "/accounts", null);
        }
    }

    /**
     * One client. Invokes, sends, and completes as ok, fail (a 4xx refusal) or unknown (no answer, a
     * 5xx). A keyed client sends a write whose outcome is unknown again under the same key, for up to
     * {@code RETRY_NANOS}: the operation then spans from its first send to its last answer, and took
     * effect once, somewhere in between, or not at all.
     */
    private static final class Client {
        private static final long RETRY_NANOS = 20_000_000_000L;
        private final String name;
        private final boolean keyed;
        private final long seed;
        private int writes;
        private String lastWritten;

        Client(String name, boolean keyed, long seed) {
            this.name = name;
            this.keyed = keyed;
            this.seed = seed;
        }

        void complete(History history, History.Op op, String url, String method, String path, String json) {
            History.Call call = history.invoke(name, op);
            if (!op.isRead()) {
                lastWritten = op.to() != null ? op.to() : op.account();
            }
            String key = keyed && json != null && op.kind() != History.Kind.OPEN ? seed + "-" + name + "-" + (++writes) : null;
            long giveUp = System.nanoTime() + RETRY_NANOS;
            HttpResponse<String> response;
            do {
                response = send(url, method, path, json, key);
            } while (key != null && (response == null || response.statusCode() >= 500) && System.nanoTime() < giveUp);
            if (response == null || response.statusCode() >= 500) {
                history.unknown(call);
            } else if (response.statusCode() >= 400) {
                history.fail(call);
            } else if (op.kind() == History.Kind.READ_ONE) {
                history.okBalance(call, balance(response.body()));
            } else if (op.isRead()) {
                history.ok(call, balances(response.body()));
            } else {
                history.ok(call);
            }
        }

        /** The answer, or null if none came. */
        private static HttpResponse<String> send(String url, String method, String path, String json, String key) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10));
                request = json == null ? request.GET()
                        : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
                if (key != null) {
                    request.header("Idempotency-Key", key);
                }
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                return null;
            }
        }
    }

    private static long balance(String body) {
        try {
            return JSON.readTree(body).path("balance").asLong();
        } catch (Exception e) {
            throw new AssertionError("not an account: " + body, e);
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
