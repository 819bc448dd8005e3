package org.birthofds.bank;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.birthofds.bank.load.Measured;

/**
 * More memory: how many bytes one account costs on the heap (its id, its balance, its lock and
 * its place in the sorted map), and so how many accounts a 1 GiB heap holds.
 *
 * <pre>mvn -q -pl chapter02-vertical compile exec:java@memory -Dexec.args="--accounts 1000000"</pre>
 */
public final class AccountMemory {
    private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

    private AccountMemory() {
    }

    public static void main(String[] args) {
        if (args.length != 0 && (args.length != 2 || !args[0].equals("--accounts"))) {
            System.err.println("Usage: AccountMemory [--accounts N]   (default 1000000)");
            System.exit(2);
        }
        int count = args.length == 2 ? Integer.parseInt(args[1]) : 1_000_000;
        // Bytes per account are the JDK's object layout as much as the bank's: the header names the JDK.
        System.out.println(Measured.header());
        long before = settledHeap();
        Accounts accounts = new Accounts();
        for (int i = 0; i < count; i++) {
            accounts.apply(new Command.OpenAccount(String.format("customer-%08d", i))); // 17 characters
            if ((i + 1) % (count / 4) == 0) {
                System.out.printf("opened %,d accounts%n", i + 1);
            }
        }
        long after = settledHeap();
        double perAccount = (double) (after - before) / count;
        System.out.printf("%,d accounts with 17-character ids take %,d bytes of heap: %.0f bytes per account.%n",
                accounts.all().size(), after - before, perAccount);
        System.out.printf("A 1 GiB heap holds about %,.0f of them, if it held nothing else.%n", (1L << 30) / perAccount);
    }

    /** Heap in use once the garbage collector has had its say, so that only live objects count. */
    private static long settledHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, HEAP.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
