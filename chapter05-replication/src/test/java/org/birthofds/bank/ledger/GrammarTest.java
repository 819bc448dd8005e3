package org.birthofds.bank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Over HTTP anyone may send a command, and one the ledger cannot apply would stop every replica at its log position. */
class GrammarTest {
    private final Grammar grammar = new Grammar(List.of("a", "b"));
    private final Ledger ledger = new Ledger(List.of("a", "b"));

    @Test
    void what_the_grammar_admits_the_ledger_applies_and_what_it_refuses_would_have_thrown() {
        // 1. Admitted: the ledger applies each without an exception.
        for (String command : List.of("c1#1 10 deposit a 100", "c1#2 11 withdraw a 5", "c1#3 12 transfer a b 5",
                "x-1 13 prepare a c s2 10", "x-1 14 commit", "x-2 15 abort", "x-3 16 intent b 5 s2", "x-3 17 apply",
                "x-4 18 drop", "f-1 19 freeze 500", "f-1 20 thaw")) {
            assertThat(grammar.commandError(command)).as(command).isNull();
            ledger.apply(command);
        }
        for (String query : List.of("all", "balance a", "tx x-1", "doubt 100")) {
            assertThat(grammar.queryError(query)).as(query).isNull();
            ledger.read(query);
        }
        // 2. Refused: an account of another group, a verb it does not know, a word too many, a line break
        //    (the journal is one record per line), a time or amount that is not a number.
        for (String command : List.of("c1#4 21 deposit z 1", "c1#5 22 steal a 1", "c1#6 23 deposit a 1 2",
                "c1#7 24 deposit a 1\nE 9 9 x", "c1#8 x deposit a 1", "c1#9 25 deposit a -1", "deposit a 1")) {
            assertThat(grammar.commandError(command)).as(command).isNotNull();
        }
        for (String query : List.of("balance z", "balance", "everything", "doubt soon")) {
            assertThat(grammar.queryError(query)).as(query).isNotNull();
        }
    }
}
