package org.birthofds.bank.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.birthofds.bank.data.Idempotency;

/**
 * The bank's API served from one map in memory, on 127.0.0.1 and a port of its own, that can be
 * told to break one promise: a test then shows that a load's checkers catch exactly that. It can
 * also lose answers (apply a write, then answer 503, as when the answer is lost on its way back)
 * and freeze (take requests and answer none until thawed, as a SIGSTOPped process does), which an
 * honest bank survives and a careful client must too. Only what the load sends is served.
 */
final class FakeBank implements AutoCloseable {
    /** The promise this front door breaks. */
    enum Flaw {
        NONE,
        /** Once {@link #armLostDeposit()} is called, the next deposit is acknowledged and never applied. */
        LOSES_AN_ACKNOWLEDGED_DEPOSIT,
        /** GET /accounts/{id} answers from a copy one write behind, as a lagging replica would. */
        READS_A_STALE_COPY,
        /** An Idempotency-Key is ignored: a write sent again is applied again. */
        FORGETS_IDEMPOTENCY_KEYS
    }

    private record Answer(int status, String json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LONGEST_FREEZE_SECONDS = 60; // nothing hangs, even a test that forgets to thaw

    private final Flaw flaw;
    private final Javalin javalin;
    private final Map<String, Long> balances = new TreeMap<>(); // guarded by this
    private final Map<String, Long> oneWriteBehind = new HashMap<>(); // guarded by this
    private final Map<String, String> requests = new HashMap<>(); // key -> the request it came with; guarded by this
    private final Map<String, Answer> firstAnswers = new HashMap<>(); // guarded by this
    private final Set<String> keysSeen = new HashSet<>(); // guarded by this
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final AtomicInteger repeats = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile boolean lostDepositArmed;
    private volatile List<String> losingAnswersTo = List.of();
    private volatile CountDownLatch thawed; // null unless frozen

    private FakeBank(Flaw flaw) {
        this.flaw = flaw;
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> waitIfFrozen());
            config.routes.post("/accounts", this::open);
            config.routes.get("/accounts", ctx -> answer(ctx, listing()));
            config.routes.get("/accounts/{id}", ctx -> answer(ctx, readOne(ctx.pathParam("id"))));
            config.routes.post("/accounts/{id}/deposits", ctx -> write(ctx, ctx.pathParam("id"), null, +1));
            config.routes.post("/accounts/{id}/withdrawals", ctx -> write(ctx, ctx.pathParam("id"), null, -1));
            config.routes.post("/transfers", ctx -> {
                JsonNode body = JSON.readTree(ctx.body());
                write(ctx, body.path("from").asText(), body.path("to").asText(), 0);
            });
        });
    }

    static FakeBank start(Flaw flaw) {
        FakeBank bank = new FakeBank(flaw);
        bank.javalin.start("127.0.0.1", 0);
        return bank;
    }

    String url() {
        return "http://127.0.0.1:" + javalin.port();
    }

    void armLostDeposit() {
        lostDepositArmed = true;
    }

    /** From now on, the first try of each write to a path ending so ("/deposits") is carried out, then answered 503. */
    void loseAnswersTo(String... pathEndings) {
        losingAnswersTo = List.of(pathEndings);
    }

    /** Requests from now on wait, unanswered, until {@link #thaw()}: the process is stopped, its socket still open. */
    void freeze() {
        thawed = new CountDownLatch(1);
    }

    /** Every waiting request goes on, late, as when a stopped process is continued. */
    void thaw() {
        CountDownLatch gate = thawed;
        thawed = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Requests waiting in a freeze. */
    int held() {
        return held.get();
    }

    /** Accounts whose acknowledged deposit was never applied. */
    List<String> lost() {
        return List.copyOf(lost);
    }

    /** Writes that came again under a key already seen: the client's retries. */
    int repeats() {
        return repeats.get();
    }

    @Override
    public void close() {
        thaw();
        javalin.stop();
    }

    private void waitIfFrozen() throws InterruptedException {
        CountDownLatch gate = thawed;
        if (gate != null) {
            held.incrementAndGet();
            try {
                gate.await(LONGEST_FREEZE_SECONDS, TimeUnit.SECONDS);
            } finally {
                held.decrementAndGet();
            }
        }
    }

    private synchronized void open(Context ctx) throws Exception {
        String id = JSON.readTree(ctx.body()).path("id").asText();
        if (balances.containsKey(id)) {
            answer(ctx, refusal(409, "account_exists", id));
            return;
        }
        balances.put(id, 0L);
        oneWriteBehind.put(id, 0L);
        answer(ctx, new Answer(201, account(id, 0)));
    }

    private synchronized Answer listing() {
        String accounts = balances.entrySet().stream().map(e -> account(e.getKey(), e.getValue())).collect(Collectors.joining(","));
        long total = balances.values().stream().mapToLong(Long::longValue).sum();
        return new Answer(200, "{\"accounts\":[" + accounts + "],\"total\":" + total + "}");
    }

    private synchronized Answer readOne(String id) {
        if (!balances.containsKey(id)) {
            return refusal(404, "account_not_found", id);
        }
        return new Answer(200, account(id, (flaw == Flaw.READS_A_STALE_COPY ? oneWriteBehind : balances).get(id)));
    }

    /** A deposit (+1), a withdrawal (-1) or a transfer (0, to {@code to}), once per Idempotency-Key unless forgetful. */
    private void write(Context ctx, String id, String to, int sign) throws Exception {
        long amount = JSON.readTree(ctx.body()).path("amount").asLong();
        String key = ctx.header("Idempotency-Key");
        String request = ctx.path() + " " + ctx.body();
        Answer answer;
        boolean firstTry;
        synchronized (this) {
            firstTry = key == null || keysSeen.add(key);
            if (!firstTry) {
                repeats.incrementAndGet();
            }
            if (key != null && flaw != Flaw.FORGETS_IDEMPOTENCY_KEYS && firstAnswers.containsKey(key)) {
                answer = request.equals(requests.get(key)) ? firstAnswers.get(key) : refusal(422, "idempotency_key_reused", key);
            } else {
                answer = to != null ? transfer(id, to, amount) : change(id, sign * amount);
                if (key != null) {
                    requests.put(key, request);
                    firstAnswers.put(key, answer);
                }
            }
        }
        boolean lose = firstTry && losingAnswersTo.stream().anyMatch(ctx.path()::endsWith);
        answer(ctx, lose ? refusal(503, "unavailable", "the answer was lost") : answer);
    }

    private Answer change(String id, long delta) {
        if (!balances.containsKey(id)) {
            return refusal(404, "account_not_found", id);
        }
        long balance = balances.get(id);
        if (balance + delta < 0) {
            return refusal(422, "insufficient_funds", id);
        }
        if (delta > 0 && flaw == Flaw.LOSES_AN_ACKNOWLEDGED_DEPOSIT && lostDepositArmed) {
            lostDepositArmed = false;
            lost.add(id);
            return new Answer(200, account(id, balance + delta)); // the acknowledgement says what a good bank would
        }
        apply(id, delta);
        return new Answer(200, account(id, balance + delta));
    }

    private Answer transfer(String from, String to, long amount) {
        if (!balances.containsKey(from) || !balances.containsKey(to)) {
            return refusal(404, "account_not_found", from + " or " + to);
        }
        if (balances.get(from) < amount) {
            return refusal(422, "insufficient_funds", from);
        }
        apply(from, -amount);
        apply(to, amount);
        return new Answer(201, "{\"transferId\":\"t\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}");
    }

    private void apply(String id, long delta) {
        oneWriteBehind.put(id, balances.get(id));
        balances.put(id, balances.get(id) + delta);
    }

    private static String account(String id, long balance) {
        return "{\"id\":\"" + id + "\",\"balance\":" + balance + "}";
    }

    private static Answer refusal(int status, String error, String about) {
        return new Answer(status, "{\"error\":\"" + error + "\",\"message\":\"Refused: " + about + ".\"}");
    }

    private static void answer(Context ctx, Answer answer) {
        if (answer.status() == 503) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.json());
    }
}
