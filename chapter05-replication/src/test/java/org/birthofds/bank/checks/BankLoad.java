package org.birthofds.bank.checks;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.core.ConditionTimeoutException;
import org.birthofds.bank.checks.History.Op;
import org.birthofds.bank.checks.History.Type;

/**
 * Jepsen's client side, for a real bank: a seeded concurrent load of transfers, deposits,
 * withdrawals, single-account reads and consistent read-alls through the bank's front door,
 * recorded as a {@link History} on the wall clock, and then checked by the same two checkers the
 * simulator uses: {@link BankCheck} (no money made or lost, every acknowledged write applied once)
 * and {@link Linearizability} per account (no stale read, no write that comes undone). A test
 * starts it, does its fault in the middle, and finishes it:
 *
 * <pre>
 * try (BankLoad load = BankLoad.start(LoadPlan.of("LeaderKillTest", urls, accounts, SEED))) {
 *     load.awaitMore(50);             // the load is running
 *     load.mark("kill -9 " + leader); // a red line on the timeline
 *     group.kill(leader);
 *     load.awaitMore(50);             // and goes on after the failover
 *     load.finish().assertPassed();
 * }
 * </pre>
 * Each client's operations come from the seed alone; how they interleave is up to the machine.
 * Public to the root test package, which starts the bank.
 */
public final class BankLoad implements AutoCloseable {
    static final long FUNDING = 1_000;
    static final long LINEARIZABILITY_BUDGET_MILLIS = 20_000;
    /** The longest a test waits for the load: far above one operation's tries, so only a hung bank or hook reaches it. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger LOADS = new AtomicInteger();

    /** Runs before each client's operation, on its thread; a test may block it there to line the load up with an event. */
    public interface Pacing {
        void before(int client, int op) throws InterruptedException;
    }

    /** What the clients heard: ok, refused (a 4xx), unknown (no definite answer in any try); and how many needed a retry. */
    public record Counts(long ok, long refused, long unknown, long retried) {
        public long answered() {
            return ok + refused;
        }
    }

    /** The verdict of both checkers on the load's history; {@code timeline} is set on a linearizability violation. */
    public record Outcome(long seed, Counts counts, boolean bankPassed, boolean linearizable, Path timeline, String report) {
        public boolean passed() {
            return bankPassed && linearizable;
        }

        public void assertPassed() {
            if (!passed()) {
                throw new AssertionError(report);
            }
        }
    }

    private final LoadPlan plan;
    private final long started = System.nanoTime();
    private final History history = new History(this::now);
    private final List<Mark> marks = new CopyOnWriteArrayList<>();
    private final HttpClient http;
    private final int loadNumber = LOADS.incrementAndGet(); // in this JVM: two loads never share a key or a timeline file
    private final String keys;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final LongAdder ok = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final ExecutorService pool;
    private final List<Future<?>> clients = new ArrayList<>();
    private boolean finished; // by the test's thread only

    private BankLoad(LoadPlan plan) {
        this.plan = plan;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(plan.tryTimeout()).build();
        this.keys = "s" + plan.seed() + "-load" + loadNumber;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(plan.clients(), task -> {
            Thread thread = new Thread(task, "bank-load-" + plan.name() + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens and funds the plan's accounts (each with {@link #FUNDING} cents), then starts the clients and returns. */
    public static BankLoad start(LoadPlan plan) throws InterruptedException {
        BankLoad load = new BankLoad(plan);
        CarefulClient setup = load.client("setup", plan.tries(), plan.retryWindow());
        for (String account : plan.accounts()) {
            for (Op op : List.of(Op.open(account), Op.deposit(account, FUNDING))) {
                Type outcome = setup.perform(op, 0).outcome();
                if (outcome != Type.OK) {
                    load.close();
                    throw new IllegalStateException("The load could not " + op + " (" + outcome + "): its accounts must"
                            + " not exist yet, and the bank at " + plan.urls() + " must be up.");
                }
            }
        }
        for (int c = 0; c < plan.clients(); c++) {
            int number = c;
            load.clients.add(load.pool.submit(() -> load.runClient(number)));
        }
        return load;
    }

    /** A bounded load from start to verdict. */
    public static Outcome run(LoadPlan plan) throws InterruptedException {
        if (plan.opsEach() == LoadPlan.UNTIL_STOPPED) {
            throw new IllegalArgumentException("run() needs a bounded plan (withOpsEach); start() one that runs until stopped");
        }
        try (BankLoad load = start(plan)) {
            return load.finish();
        }
    }

    public Counts counts() {
        return new Counts(ok.sum(), refused.sum(), unknown.sum(), retried.sum());
    }

    /** Waits until the bank has answered {@code operations} more of the load's operations (ok or refused). */
    public void awaitMore(int operations) {
        long target = counts().answered() + operations;
        try {
            await().atMost(LONGEST_WAIT).until(() -> counts().answered() >= target || clients.stream().allMatch(Future::isDone));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("The bank did not answer " + operations + " more of the load's operations within "
                    + LONGEST_WAIT.toSeconds() + " s: " + counts(), e);
        }
        if (counts().answered() < target) {
            throw new AssertionError("The load's clients ended before " + operations + " more operations were answered: "
                    + counts());
        }
    }

    /** Marks this moment (a fault, a heal) on the timeline drawn if the history is not linearizable. */
    public void mark(String label) {
        marks.add(new Mark(now(), label));
    }

    /**
     * Stops the clients (a bounded plan's first finish its operations), then reads everything
     * back and checks the history. The final reads are a consistent read-all, then each account
     * alone: once nothing else is running, each account read alone must say what the listing said,
     * so a front door that serves single reads from a stale copy is caught whatever the timing.
     */
    public Outcome finish() throws InterruptedException {
        if (finished) {
            throw new IllegalStateException("This load has finished; start another");
        }
        finished = true;
        if (plan.opsEach() == LoadPlan.UNTIL_STOPPED) {
            stopping.set(true);
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The load's clients did not end within " + LONGEST_WAIT.toSeconds() + " s: "
                        + counts() + "; a Pacing hook or the bank holds them beyond every timeout");
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } catch (ExecutionException e) {
            throw new AssertionError("A client of the load failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        CarefulClient last = client("final", Integer.MAX_VALUE, plan.settle());
        boolean settled = last.perform(Op.readAll(), 0).outcome() == Type.OK;
        if (settled) {
            for (String account : plan.accounts()) {
                last.perform(Op.readOne(account), 0);
            }
        }
        return LoadVerdict.of(plan, plan.name() + "-seed-" + plan.seed() + "-load-" + loadNumber, history, List.copyOf(marks),
                counts(), settled);
    }

    /** Stops the clients at once, without a verdict: for a test that failed before it could finish. */
    @Override
    public void close() {
        stopping.set(true);
        pool.shutdownNow();
    }

    private Void runClient(int number) throws InterruptedException {
        Random random = new Random(plan.seed() * 31 + number);
        CarefulClient client = client("c" + number, plan.tries(), plan.retryWindow());
        for (int i = 0; i < plan.opsEach() && !stopping.get(); i++) {
            plan.pacing().before(number, i);
            int door = random.nextInt(plan.urls().size());
            CarefulClient.Done done = client.perform(next(random), door);
            (done.outcome() == Type.OK ? ok : done.outcome() == Type.FAIL ? refused : unknown).increment();
            if (done.tries() > 1) {
                retried.increment();
            }
        }
        return null;
    }

    /** Two in five a transfer (between any two accounts), then deposits, withdrawals, single reads and read-alls. */
    private Op next(Random random) {
        List<String> accounts = plan.accounts();
        String a = accounts.get(random.nextInt(accounts.size()));
        long amount = 1 + random.nextInt(400);
        int dice = random.nextInt(20);
        if (dice < 8) {
            String b = accounts.get(random.nextInt(accounts.size()));
            if (b.equals(a)) {
                b = accounts.get((accounts.indexOf(a) + 1) % accounts.size());
            }
            return Op.transfer(a, b, amount);
        }
        return dice < 11 ? Op.deposit(a, amount) : dice < 14 ? Op.withdraw(a, amount) : dice < 18 ? Op.readOne(a) : Op.readAll();
    }

    private CarefulClient client(String name, int tries, Duration window) {
        return new CarefulClient(name, keys, history, http, plan, tries, window);
    }

    /** The history's clock: milliseconds since the load began, so that the timeline reads in ms. */
    private long now() {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
