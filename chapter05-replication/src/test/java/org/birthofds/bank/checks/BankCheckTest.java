package org.birthofds.bank.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.birthofds.bank.Account;
import org.birthofds.bank.checks.History.Call;
import org.birthofds.bank.checks.History.Op;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check must accept every history a correct bank can produce, overlap and timeouts
 * included, and reject each way a bank can lose or invent money, saying which. Histories are
 * written by hand, so each line is a scenario a reader can follow.
 */
class BankCheckTest {
    private static final long SEED = 123;
    private static final String REPLAY = "mvn -pl chapter05-replication test -Dtest=BankCheckTest -Dseed=123";

    private final History history = new History(new AtomicLong()::incrementAndGet); // a virtual clock

    @BeforeAll
    static void printSeed() {
        System.out.println("BankCheckTest seed " + SEED + " (histories are hand-written; the seed only labels reports)");
    }

    @Test
    void a_quiet_history_of_a_correct_bank_passes() {
        openAliceAndBobWith100();
        done("c1", Op.transfer("alice", "bob", 30));
        done("c1", Op.withdraw("bob", 20));
        read("c2", Map.of("alice", 70L, "bob", 10L));

        BankCheck.Result result = check();

        assertThat(result.problems()).isEmpty();
        assertThat(result.report()).contains("passed (seed 123");
        result.assertPassed();
    }

    @Test
    void a_read_whose_total_is_too_low_fails_and_names_the_read_and_the_bounds() {
        openAliceAndBobWith100();
        read("c2", Map.of("alice", 60L, "bob", 10L)); // 30 vanished (a torn transfer would look like this)
        read("c2", Map.of("alice", 100L, "bob", 0L));

        BankCheck.Result result = check();

        assertThat(result.problems()).singleElement().asString()
                .contains("read-all by c2", "saw total 70", "allow only [100, 100]");
    }

    @Test
    void a_negative_balance_fails_and_names_the_account() {
        openAliceAndBobWith100();
        done("c1", Op.transfer("bob", "alice", 5)); // the bank let bob overdraw
        read("c2", Map.of("alice", 105L, "bob", -5L));

        BankCheck.Result result = check();

        assertThat(result.problems()).singleElement().asString().contains("negative balance: bob = -5");
    }

    @Test
    void a_transfer_applied_twice_fails_and_names_the_transfer_and_the_difference() {
        openAliceAndBobWith100();
        done("c1", Op.transfer("alice", "bob", 30));
        read("c2", Map.of("alice", 40L, "bob", 60L)); // the total is right: only (c) can see this

        BankCheck.Result result = check();

        assertThat(result.problems()).hasSize(2);
        assertThat(result.problems().get(0)).contains("Account alice", "shows 40", "give 70",
                "transfer(alice -> bob, 30)", "difference of -30");
        assertThat(result.problems().get(1)).contains("Account bob", "shows 60", "difference of 30");
    }

    @Test
    void an_acknowledged_deposit_that_is_lost_fails_and_names_the_deposit() {
        openAliceAndBobWith100();
        done("c1", Op.deposit("alice", 25));
        read("c2", Map.of("alice", 100L, "bob", 0L));

        BankCheck.Result result = check();

        assertThat(result.problems()).hasSize(2);
        assertThat(result.problems().get(0)).contains("saw total 100", "allow only [125, 125]");
        assertThat(result.problems().get(1)).contains("Account alice", "deposit(alice, 25)", "difference of -25");
    }

    @Test
    void a_read_overlapping_a_deposit_passes_whether_or_not_it_saw_it() {
        for (boolean acknowledgedDuringTheRead : new boolean[] {true, false}) {
            for (long seen : new long[] {100, 125}) {
                History overlapping = new History();
                Call open = overlapping.invoke("c1", Op.open("alice"));
                overlapping.ok(open);
                Call first = overlapping.invoke("c1", Op.deposit("alice", 100));
                overlapping.ok(first);
                Call read = overlapping.invoke("c2", Op.readAll()); // the read is sent...
                Call deposit = overlapping.invoke("c1", Op.deposit("alice", 25)); // ...then the deposit
                if (acknowledgedDuringTheRead) {
                    overlapping.ok(deposit); // acknowledged while the read is still out: not yet "before" it
                }
                overlapping.ok(read, Map.of("alice", seen));
                if (!acknowledgedDuringTheRead) {
                    overlapping.ok(deposit);
                }
                Call last = overlapping.invoke("c2", Op.readAll());
                overlapping.ok(last, Map.of("alice", 125L));

                BankCheck.check(overlapping, SEED, REPLAY).assertPassed();
            }
        }
    }

    @Test
    void a_read_that_misses_a_deposit_acknowledged_before_it_began_fails() {
        openAliceAndBobWith100();
        done("c1", Op.deposit("bob", 25)); // acknowledged...
        read("c2", Map.of("alice", 100L, "bob", 0L)); // ...then invoked: it must be in
        read("c2", Map.of("alice", 100L, "bob", 25L));

        assertThat(check().problems()).singleElement().asString().contains("saw total 100", "[125, 125]");
    }

    @Test
    void an_unknown_operation_may_have_happened_or_not_but_nothing_else() {
        for (long bob : new long[] {0, 40}) {
            History timedOut = new History();
            Call open = timedOut.invoke("c1", Op.open("bob"));
            timedOut.ok(open);
            Call deposit = timedOut.invoke("c1", Op.deposit("bob", 40));
            timedOut.unknown(deposit); // a 503: it may still land after this
            Call read = timedOut.invoke("c2", Op.readAll());
            timedOut.ok(read, Map.of("bob", bob));

            BankCheck.check(timedOut, SEED, REPLAY).assertPassed();
        }
        History twice = new History();
        Call deposit = twice.invoke("c1", Op.deposit("bob", 40));
        twice.unknown(deposit);
        Call read = twice.invoke("c2", Op.readAll());
        twice.ok(read, Map.of("bob", 80L)); // a retried deposit without an idempotency key

        assertThat(BankCheck.check(twice, SEED, REPLAY).problems()).anySatisfy(problem ->
                assertThat(problem).contains("Account bob", "[40]", "difference of 80"));
    }

    @Test
    void a_failed_operation_must_not_show() {
        openAliceAndBobWith100();
        Call overdraw = history.invoke("c1", Op.withdraw("bob", 50));
        history.fail(overdraw); // insufficient funds: refused
        read("c2", Map.of("alice", 100L, "bob", -50L));

        assertThat(check().problems()).anySatisfy(problem -> assertThat(problem).contains("bob = -50"))
                .anySatisfy(problem -> assertThat(problem).contains("saw total 50", "[100, 100]"));
    }

    @Test
    void a_read_one_is_checked_against_the_operations_on_its_account() {
        openAliceAndBobWith100();
        Call one = history.invoke("c2", Op.readOne("alice"));
        history.okBalance(one, 90);
        read("c2", Map.of("alice", 100L, "bob", 0L));

        assertThat(check().problems()).singleElement().asString()
                .contains("read-one(alice)", "alice = 90", "allow only [100, 100]");
    }

    @Test
    void an_acknowledged_account_missing_from_the_final_read_fails() {
        openAliceAndBobWith100();
        read("c2", Map.of("alice", 100L));

        assertThat(check().problems()).anySatisfy(problem ->
                assertThat(problem).contains("Account bob", "does not list it"));
    }

    @Test
    void a_history_without_a_final_read_cannot_pass() {
        openAliceAndBobWith100();

        assertThat(check().problems()).singleElement().asString().contains("No read-all was answered");
    }

    @Test
    void too_many_distinct_unknowns_fall_back_to_the_interval_and_say_so() {
        History many = new History();
        long sum = 0;
        for (int i = 0; i < 20; i++) {
            long amount = 1L << i; // 2^20 distinct subset sums: more than the check enumerates
            sum += amount;
            many.unknown(many.invoke("c1", Op.deposit("alice", amount)));
        }
        Call read = many.invoke("c2", Op.readAll());
        many.ok(read, Map.of("alice", 12_345L));
        BankCheck.Result inside = BankCheck.check(many, SEED, REPLAY);

        assertThat(inside.problems()).isEmpty();
        assertThat(inside.notes()).singleElement().asString().contains("too many unknowns to check exactly", "[0, " + sum + "]");

        long tooMuch = sum + 1;
        Call beyond = many.invoke("c2", Op.readAll());
        many.ok(beyond, Map.of("alice", tooMuch));
        assertThat(BankCheck.check(many, SEED, REPLAY).problems()).anySatisfy(problem ->
                assertThat(problem).contains("Account alice", "shows " + tooMuch));
    }

    @Test
    void subset_sums_find_exactly_the_reachable_differences() {
        assertThat(BankCheck.subsetSum(List.of(40L, -30L, 25L), 10L)).isTrue(); // 40 - 30
        assertThat(BankCheck.subsetSum(List.of(40L, -30L, 25L), 35L)).isTrue(); // 40 - 30 + 25
        assertThat(BankCheck.subsetSum(List.of(40L, -30L, 25L), 30L)).isFalse();
        assertThat(BankCheck.subsetSum(List.of(), 0L)).isTrue();
    }

    @Test
    void the_report_names_the_seed_the_first_bad_read_what_surrounds_it_and_how_to_replay() {
        openAliceAndBobWith100(); // events #0..#5
        for (int i = 0; i < 6; i++) {
            done("c1", Op.deposit("alice", 1)); // #6..#17
        }
        Call bad = history.invoke("c2", Op.readAll()); // #18
        history.ok(bad, Map.of("alice", 0L, "bob", 0L)); // #19
        for (int i = 0; i < 6; i++) {
            done("c3", Op.deposit("bob", 1)); // #20..#31
        }
        read("c2", Map.of("alice", 106L, "bob", 6L));

        BankCheck.Result result = check();

        assertThatThrownBy(result::assertPassed).isInstanceOf(AssertionError.class).hasMessage(result.report());
        String report = result.report();
        assertThat(report).contains("seed 123", "First bad read: read-all by c2 (#18..#19) saw total 0", "Replay: " + REPLAY);
        assertThat(report).contains("  > #18 c2 invoke read-all", "  > #19 c2 ok read-all {alice=0, bob=0} total 0");
        assertThat(report).contains("    #13 c1 ok deposit(alice, 1)", "    #24 c3 invoke deposit(bob, 1)");
        assertThat(report).doesNotContain("#12 ", "#25 ");
    }

    private void openAliceAndBobWith100() {
        done("c1", Op.open("alice"));
        done("c1", Op.open("bob"));
        done("c1", Op.deposit("alice", 100));
    }

    private void done(String client, Op op) {
        history.ok(history.invoke(client, op));
    }

    private void read(String client, Map<String, Long> balances) {
        history.ok(history.invoke(client, Op.readAll()), balances);
    }

    private BankCheck.Result check() {
        return BankCheck.check(history, SEED, REPLAY);
    }
}
