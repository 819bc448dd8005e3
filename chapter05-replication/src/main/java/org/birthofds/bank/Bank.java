package org.birthofds.bank;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.participant.Barrier;
import org.birthofds.bank.participant.Migrations;

/**
 * The data tier's engine: chapter 2's bank, run by many workers at once. Each operation locks
 * the accounts it touches, reads their balances, checks them, asks {@link Storage} to write the
 * command down, and only then stores the new balances.
 *
 * <p>The checks that need a balance (enough funds, under the limit, the account exists) stay
 * here, beside the data, inside the locks: a check made in another tier would be stale by the
 * time the write arrived, just as a database checks its constraints inside the transaction.
 * Everything that needs no data (the shape of a request, the rules of the API) is the logic
 * tier's. A write made under an Idempotency-Key carries the key into the same journal record.
 */
public final class Bank {
    private final Accounts accounts;
    private final Storage storage;
    private final Locks locks;
    private final String shard;
    private final Barrier barrier;
    private volatile Consumer<String> betweenCheckAndWrite = label -> {
    };

    public Bank(Accounts accounts, Storage storage, Locks locks) {
        this(accounts, storage, locks, "shard-1", new Barrier());
    }

    /** Chapter 4: one shard of the bank, whose writes pass its {@link Barrier} so that a consistent read can freeze it. */
    public Bank(Accounts accounts, Storage storage, Locks locks, String shard, Barrier barrier) {
        this.accounts = accounts;
        this.storage = storage;
        this.locks = locks;
        this.shard = shard;
        this.barrier = barrier;
    }

    public Bodies.Account open(String id) {
        Lock opening = accounts.lockForOpening(id);
        try (Barrier.Permit permit = barrier.write()) {
            opening.lock(); // the barrier first, then locks: one global order, as everywhere
            try {
                if (accounts.get(id) != null) {
                    throw ApiError.accountExists(id);
                }
                accounts.ensureOpenableHere(id, shard); // chapter 4: never a second copy of an account that lives elsewhere
                betweenCheckAndWrite.accept("open " + id);
                write(new Command.OpenAccount(id), null);
                accounts.create(id);
                return new Bodies.Account(id, 0);
            } finally {
                opening.unlock();
            }
        }
    }

    public Bodies.Account deposit(String id, long amount) {
        return deposit(id, amount, null);
    }

    public Bodies.Account withdraw(String id, long amount) {
        return withdraw(id, amount, null);
    }

    public Bodies.TransferDone transfer(String from, String to, long amount) {
        return transfer(from, to, amount, null);
    }

    /** @param key the Idempotency-Key to journal with the change, or null */
    public Bodies.Account deposit(String id, long amount, Idempotency.Key key) {
        Account account = existing(id);
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(account)) {
            Migrations.ensureStaying(account);
            long balance = account.balance();
            ensureRoomFor(account, balance, amount);
            betweenCheckAndWrite.accept("deposit " + id);
            write(new Command.Deposit(id, amount), key); // the lock is held until the disk is done (chapter 2, Exercise 2.2)
            account.balance(balance + amount);
            return new Bodies.Account(id, balance + amount);
        }
    }

    public Bodies.Account withdraw(String id, long amount, Idempotency.Key key) {
        Account account = existing(id);
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(account)) {
            Migrations.ensureStaying(account);
            long balance = account.balance();
            ensureFunds(account, balance, amount);
            betweenCheckAndWrite.accept("withdraw " + id);
            write(new Command.Withdrawal(id, amount), key);
            account.balance(balance - amount);
            return new Bodies.Account(id, balance - amount);
        }
    }

    public Bodies.TransferDone transfer(String from, String to, long amount, Idempotency.Key key) {
        Account source = existing(from); // both accounts must exist before funds or limits are looked at
        Account target = existing(to);
        try (Barrier.Permit permit = barrier.write(); Locks.Held held = locks.hold(source, target)) {
            Migrations.ensureStaying(source);
            Migrations.ensureStaying(target);
            long fromBalance = source.balance();
            long toBalance = target.balance();
            ensureFunds(source, fromBalance, amount);
            ensureRoomFor(target, toBalance, amount);
            betweenCheckAndWrite.accept("transfer " + from + " " + to);
            Command.Transfer transfer = new Command.Transfer(accounts.nextTransferNumber(), from, to, amount);
            write(transfer, key);
            source.balance(fromBalance - amount);
            target.balance(toBalance + amount);
            return new Bodies.TransferDone(transfer.transferId(shard), from, to, amount);
        }
    }

    /** One balance needs no lock: it is a single volatile read. */
    public Bodies.Account account(String id) {
        return new Bodies.Account(id, existing(id).balance());
    }

    /** Holds every account's lock at once, so the total never catches a transfer halfway. */
    public Bodies.AccountList accounts() {
        List<Account> all = accounts.all();
        try (Locks.Held held = locks.hold(all)) {
            List<Bodies.Account> listed = new ArrayList<>(all.size());
            BigInteger total = BigInteger.ZERO;
            for (Account account : all) {
                long balance = account.balance();
                listed.add(new Bodies.Account(account.id, balance));
                total = total.add(BigInteger.valueOf(balance));
            }
            return new Bodies.AccountList(listed, total);
        }
    }

    /** Writes down a refusal given under an Idempotency-Key, so that every repeat gets the same one. */
    public void journal(Command.Refused refusal) {
        write(refusal, null);
    }

    /** A fault hook for tests, off unless a test sets it: runs after the checks, before the write. */
    void betweenCheckAndWrite(Consumer<String> hook) {
        betweenCheckAndWrite = hook;
    }

    private void write(Command command, Idempotency.Key key) {
        try {
            storage.write(key == null ? command : new Command.Keyed(key.value(), key.request(), command));
        } catch (IOException e) {
            throw ApiError.storageFailed(e);
        }
    }

    private Account existing(String id) {
        return accounts.existing(id); // chapter 4: a 503 for an account that moved away, a 404 for one never here
    }

    /** Chapter 4: a PENDING cross-shard transfer's hold is not spendable, or the payer could pay twice. */
    public static void ensureFunds(Account account, long balance, long amount) {
        long available = balance - account.held();
        if (available < amount) {
            throw ApiError.insufficientFunds(account.id, available, amount);
        }
    }

    /** Chapter 4: credits promised by intents count, or two of them could together pass the limit. */
    public static void ensureRoomFor(Account account, long balance, long amount) {
        long promised = balance + account.incoming();
        if (promised > Money.MAX_BALANCE - amount) { // written so that it cannot overflow
            throw ApiError.balanceLimit(account.id, promised, amount);
        }
    }
}
