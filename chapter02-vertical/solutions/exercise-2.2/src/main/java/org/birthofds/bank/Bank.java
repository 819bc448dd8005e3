package org.birthofds.bank;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * The bank's rules, now run by many workers at once. Each operation locks the accounts it
 * touches, reads their balances, checks the rules, appends the command to {@link Storage}, and
 * stores the new balances. Read, check, write: without the locks, two operations could both
 * read a balance before either writes it, and one update would be lost.
 *
 * <p>Early lock release: the locks go as soon as the record is appended, and only then does the
 * operation wait for the disk. The next operation on a hot account appends behind it and shares
 * its force. Memory now runs ahead of the disk for a moment, so every answer, reads included,
 * waits until what it shows is durable.
 */
final class Bank {
    private final Accounts accounts;
    private final Storage storage;
    private final Locks locks;
    private volatile Consumer<String> betweenCheckAndWrite = label -> {
    };

    Bank(Accounts accounts, Storage storage, Locks locks) {
        this.accounts = accounts;
        this.storage = storage;
        this.locks = locks;
    }

    Bodies.Account open(String id) {
        Lock opening = accounts.lockForOpening(id);
        long position;
        opening.lock();
        try {
            if (accounts.get(id) != null) {
                throw ApiError.accountExists(id);
            }
            betweenCheckAndWrite.accept("open " + id);
            position = append(new Command.OpenAccount(id));
            accounts.create(id);
        } finally {
            opening.unlock();
        }
        awaitDurable(position);
        return new Bodies.Account(id, 0);
    }

    Bodies.Account deposit(String id, long amount) {
        Account account = existing(id);
        long updated;
        long position;
        try (Locks.Held held = locks.hold(account)) {
            long balance = account.balance();
            ensureRoomFor(account, balance, amount);
            betweenCheckAndWrite.accept("deposit " + id);
            position = append(new Command.Deposit(id, amount));
            updated = balance + amount;
            account.balance(updated);
        }
        awaitDurable(position); // the answer still waits for the disk; the lock no longer does
        return new Bodies.Account(id, updated);
    }

    Bodies.Account withdraw(String id, long amount) {
        Account account = existing(id);
        long updated;
        long position;
        try (Locks.Held held = locks.hold(account)) {
            long balance = account.balance();
            ensureFunds(account, balance, amount);
            betweenCheckAndWrite.accept("withdraw " + id);
            position = append(new Command.Withdrawal(id, amount));
            updated = balance - amount;
            account.balance(updated);
        }
        awaitDurable(position); // the answer still waits for the disk; the lock no longer does
        return new Bodies.Account(id, updated);
    }

    Bodies.TransferDone transfer(String from, String to, long amount) {
        Account source = existing(from); // both accounts must exist before funds or limits are looked at
        Account target = existing(to);
        Command.Transfer transfer;
        long position;
        try (Locks.Held held = locks.hold(source, target)) {
            long fromBalance = source.balance();
            long toBalance = target.balance();
            ensureFunds(source, fromBalance, amount);
            ensureRoomFor(target, toBalance, amount);
            betweenCheckAndWrite.accept("transfer " + from + " " + to);
            transfer = new Command.Transfer(accounts.nextTransferNumber(), from, to, amount);
            position = append(transfer);
            source.balance(fromBalance - amount);
            target.balance(toBalance + amount);
        }
        awaitDurable(position);
        return new Bodies.TransferDone(transfer.transferId(), from, to, amount);
    }

    /**
     * One balance needs no lock: it is a single volatile read. But it may show a change whose
     * record is not on disk yet, so the answer waits until everything appended so far is.
     */
    Bodies.Account account(String id) {
        long balance = existing(id).balance();
        awaitDurable(storage.appendedEnd()); // read after the balance: covers every change it can show
        return new Bodies.Account(id, balance);
    }

    /** Holds every account's lock at once, so the total never catches a transfer halfway. */
    Bodies.AccountList accounts() {
        List<Account> all = accounts.all();
        List<Bodies.Account> listed = new ArrayList<>(all.size());
        BigInteger total = BigInteger.ZERO;
        try (Locks.Held held = locks.hold(all)) {
            for (Account account : all) {
                long balance = account.balance();
                listed.add(new Bodies.Account(account.id, balance));
                total = total.add(BigInteger.valueOf(balance));
            }
        }
        awaitDurable(storage.appendedEnd());
        return new Bodies.AccountList(listed, total);
    }

    /** A fault hook for tests, off unless a test sets it: runs after the checks, before the write. */
    void betweenCheckAndWrite(Consumer<String> hook) {
        betweenCheckAndWrite = hook;
    }

    private long append(Command command) {
        try {
            return storage.append(command);
        } catch (IOException e) {
            throw ApiError.storageFailed(e);
        }
    }

    /** If the force fails, memory already holds changes the disk may not: no answer may show them. */
    private void awaitDurable(long position) {
        try {
            storage.awaitDurable(position);
        } catch (IOException e) {
            throw new ApiError(500, "storage_failed", "The journal could not be forced to disk (" + e.getMessage()
                    + "); the change may be lost, and the bank takes no more writes until it restarts from its journal.");
        }
    }

    private Account existing(String id) {
        Account account = accounts.get(id);
        if (account == null) {
            throw ApiError.accountNotFound(id);
        }
        return account;
    }

    private static void ensureFunds(Account account, long balance, long amount) {
        if (balance < amount) {
            throw ApiError.insufficientFunds(account.id, balance, amount);
        }
    }

    private static void ensureRoomFor(Account account, long balance, long amount) {
        if (balance > Money.MAX_BALANCE - amount) { // written so that it cannot overflow
            throw ApiError.balanceLimit(account.id, balance, amount);
        }
    }
}
