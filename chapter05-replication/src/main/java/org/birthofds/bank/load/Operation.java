package org.birthofds.bank.load;

import java.io.IOException;

/** One request of the mix. Each kind knows how to send itself, so a client needs no switch. */
sealed interface Operation permits Operation.Transfer, Operation.Read {

    BankClient.Answer sendTo(BankClient bank) throws IOException;

    /** The request as a reader would write it, for error messages. */
    String describe();

    record Transfer(String from, String to, long amount) implements Operation {
        @Override
        public BankClient.Answer sendTo(BankClient bank) throws IOException {
            return bank.transfer(from, to, amount);
        }

        @Override
        public String describe() {
            return "POST /transfers " + from + "->" + to + " " + amount;
        }
    }

    record Read(String id) implements Operation {
        @Override
        public BankClient.Answer sendTo(BankClient bank) throws IOException {
            return bank.account(id);
        }

        @Override
        public String describe() {
            return "GET /accounts/" + id;
        }
    }
}
