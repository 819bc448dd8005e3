package org.birthofds.bank.replicated;

import java.util.List;
import java.util.SortedMap;
import org.birthofds.bank.Account;
import org.birthofds.bank.Accounts;
import org.birthofds.bank.data.Idempotency;
import org.birthofds.bank.participant.Intents;
import org.birthofds.bank.participant.Migrations;
import org.birthofds.bank.participant.Transactions;

/**
 * Everything a {@link ReplicatedBank} holds, as one JSON document: what a replica keeps instead of
 * the log it compacts away, and what a leader sends a follower that is too far behind for the
 * entries it no longer has (Raft's InstallSnapshot). The rule is that nothing may be missing which
 * could change a later answer: a hold forgotten lets the payer spend promised money, a key forgotten
 * applies a retried deposit twice, a freeze forgotten lets a write slip under a consistent read, a
 * transfer counter forgotten gives one transfer id twice, a shard map forgotten opens here an
 * account that lives elsewhere.
 *
 * <p>Every list is sorted, so two copies that applied the same log give byte-identical snapshots:
 * a leader and its followers can compare them, and a test can.
 *
 * @param shard        the shard it was taken on: another shard's state is refused
 * @param shards       the map the recovery pass finds the other groups by
 * @param transfers    the last same-shard transfer number given
 * @param accounts     in id order
 * @param moved        the accounts that moved away, and where
 * @param keys         Idempotency-Keys and their first answers
 * @param transactions the payer's records, PENDING and decided
 * @param txKeys       which transaction each cross-shard transfer's key started
 * @param intents      the payee's promises, PENDING and settled
 * @param migrations   the installed map, which places ids, and the accounts that came in
 * @param freeze       the consistent read's freeze in force, or null
 */
record BankSnapshot(String shard, String shards, long transfers, List<SavedAccount> accounts, SortedMap<String, String> moved,
                    List<Idempotency.Saved> keys, List<Transactions.Saved> transactions,
                    List<Transactions.SavedKey> txKeys, List<Intents.Saved> intents, Migrations.Saved migrations,
                    LogFreezes.Saved freeze) {

    /** One account, whole: its holds and promises too, which the records and intents that made them do not repeat. */
    record SavedAccount(String id, long balance, long held, long incoming, String leavingFor) {
        static SavedAccount of(Account account) {
            return new SavedAccount(account.id, account.balance(), account.held(), account.incoming(), account.leavingFor());
        }

        void openIn(Accounts accounts) {
            accounts.create(id);
            Account account = accounts.get(id);
            account.balance(balance);
            account.hold(held);
            account.expect(incoming);
            account.leaveFor(leavingFor);
        }
    }

    static List<SavedAccount> accounts(Accounts accounts) {
        return accounts.all().stream().map(SavedAccount::of).toList(); // all() is in id order
    }
}
