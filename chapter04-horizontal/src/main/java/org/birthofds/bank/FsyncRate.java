package org.birthofds.bank;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.birthofds.bank.load.Measured;

/**
 * The storage workhorse's own speed limit: how many journal-sized records per second this
 * machine can append and force to disk, one force per record, with nothing else in the way.
 * No bank that answers only after a force can beat it with one client.
 *
 * <p>With {@code --gap-us N} it pauses N microseconds between records, as a single client's
 * network round trip does, and shows that a disk left idle even briefly forces more slowly.
 *
 * <pre>mvn -q -pl chapter01-single-node compile exec:java@fsync -Dexec.args="--seconds 5 --gap-us 100"</pre>
 */
public final class FsyncRate {
    private FsyncRate() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(value(args, "--data", System.getProperty("java.io.tmpdir")));
        Duration length = Duration.ofSeconds(Long.parseLong(value(args, "--seconds", "5")));
        Duration gap = Duration.ofNanos(1000 * Long.parseLong(value(args, "--gap-us", "0")));
        System.out.println(Measured.header());
        System.out.printf("Appending journal-sized records in %s for %d s, a force after each, %d us apart...%n",
                dir.toAbsolutePath(), length.toSeconds(), gap.toNanos() / 1000);
        System.out.printf("%,.0f records/s%n", measure(dir, length, gap));
    }

    /** Records per second, each appended and forced on its own, in a scratch file in {@code dir}. */
    static double measure(Path dir, Duration length, Duration gap) throws IOException {
        Files.createDirectories(dir);
        Path scratch = Files.createTempFile(dir, "fsync-rate", ".log");
        ByteBuffer record = JournalRecord.frame(new Command.Transfer(1, "lg-000000000000-1", "lg-000000000000-2", 500));
        try (FileChannel channel = FileChannel.open(scratch, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long start = System.nanoTime();
            long deadline = start + length.toNanos();
            long records = 0;
            while (System.nanoTime() < deadline) {
                channel.write(record.rewind());
                channel.force(false);
                records++;
                if (!gap.isZero()) {
                    LockSupport.parkNanos(gap.toNanos());
                }
            }
            return records / ((System.nanoTime() - start) / 1e9);
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static String value(String[] args, String flag, String fallback) {
        for (int i = 0; i < args.length; i += 2) {
            if (!Set.of("--data", "--seconds", "--gap-us").contains(args[i]) || i + 1 == args.length) {
                System.err.println("Usage: FsyncRate [--data DIR] [--seconds N] [--gap-us N]");
                System.exit(2);
            }
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
