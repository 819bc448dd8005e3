package org.birthofds.bank;

import java.io.IOException;

/**
 * The bank's rules. Each operation checks its command against the balances in memory, asks
 * {@link Storage} to write it down, and only then applies it, so a refused or failed write
 * leaves no trace and an acknowledged one is already on disk.
 *
 * <p>FAILURE MODE (fixed in chapter 02): check, then act. Two threads could both check the same
 * balance before either applies its transfer; only the single {@link Worker} prevents that here.
 */
final class Bank {
    private final Accounts accounts;
    private final Storage storage;

    Bank(Accounts accounts, Storage storage) {
        this.accounts = accounts;
        this.storage = storage;
    }

    Bodies.Account open(String id) {
        if (accounts.exists(id)) {
            throw ApiError.accountExists(id);
        }
        execute(new Command.OpenAccount(id));
        return account(id);
    }

    Bodies.Account deposit(String id, long amount) {
        ensureRoomFor(id, amount);
        execute(new Command.Deposit(id, amount));
        return account(id);
    }

    Bodies.Account withdraw(String id, long amount) {
        ensureFunds(id, amount);
        execute(new Command.Withdrawal(id, amount));
        return account(id);
    }

    Bodies.TransferDone transfer(String from, String to, long amount) {
        balanceOf(from); // both accounts must exist before funds or limits are looked at
        balanceOf(to);
        ensureFunds(from, amount);
        ensureRoomFor(to, amount);
        Command.Transfer transfer = new Command.Transfer(accounts.transfers() + 1, from, to, amount);
        execute(transfer);
        return new Bodies.TransferDone(transfer.transferId(), from, to, amount);
    }

    Bodies.Account account(String id) {
        return new Bodies.Account(id, balanceOf(id));
    }

    Bodies.AccountList accounts() {
        return accounts.list();
    }

    private void execute(Command command) {
        try {
            storage.write(command);
        } catch (IOException e) {
            throw ApiError.storageFailed(e);
        }
        accounts.apply(command);
    }

    private long balanceOf(String id) {
        Long balance = accounts.balance(id);
        if (balance == null) {
            throw ApiError.accountNotFound(id);
        }
        return balance;
    }

    private void ensureFunds(String id, long amount) {
        long balance = balanceOf(id);
        if (balance < amount) {
            throw ApiError.insufficientFunds(id, balance, amount);
        }
    }

    private void ensureRoomFor(String id, long amount) {
        long balance = balanceOf(id);
        if (balance > Money.MAX_BALANCE - amount) { // written so that it cannot overflow
            throw ApiError.balanceLimit(id, balance, amount);
        }
    }
}
