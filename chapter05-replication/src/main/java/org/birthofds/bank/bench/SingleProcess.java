package org.birthofds.bank.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.birthofds.bank.tiers.TierProcess;

/**
 * Chapter 2's bank, the baseline: one process with the rules and the data, its journal forced
 * before each answer, run from chapter 2's own module's classes.
 */
final class SingleProcess implements AutoCloseable {
    private final TierProcess bank;

    private SingleProcess(TierProcess bank) {
        this.bank = bank;
    }

    /** Starts it on fresh data in {@code data}; {@link #classes()} must have found chapter 2's classes. */
    static SingleProcess start(Path classes, Path data) throws IOException {
        String classpath = TierProcess.classpath().replace(ownClasses().toString(), classes.toString());
        return new SingleProcess(TierProcess.start(TierProcess.command(classpath, "org.birthofds.bank.Main",
                List.of("--port", "0", "--data", data.toString(), "--workers", "16")), line -> { }));
    }

    /** Chapter 2's classes beside this chapter's, or exits with the command that builds them. */
    static Path classes() {
        Path classes = ownClasses().resolve("../../../chapter02-vertical/target/classes").normalize();
        if (!Files.isDirectory(classes.resolve("org/birthofds/bank"))) {
            System.err.println("Chapter 2's classes are not built at " + classes + ". Build both chapters first:\n"
                    + "  mvn -q -pl chapter02-vertical,chapter05-replication compile");
            System.exit(2);
        }
        return classes;
    }

    URI url() {
        return URI.create(bank.url());
    }

    Duration cpuTime() {
        return bank.cpuTime();
    }

    /** Its process, for a table that prices each process ({@link CpuShare}). */
    TierProcess process() {
        return bank;
    }

    @Override
    public void close() throws InterruptedException {
        bank.stop();
    }

    private static Path ownClasses() {
        try {
            return Path.of(SingleProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("this chapter's classes are not in a directory", e);
        }
    }
}
