package org.birthofds.bank;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.tiers.TierProcess;

/**
 * A tier of the bank in its own JVM (by default the data tier, which holds the accounts), so
 * that a test can pull the plug: {@link #kill()} is SIGKILL, with no shutdown hook and no
 * flush, like a power cut from the process's point of view.
 */
final class ChildBank {
    private final TierProcess process;

    private ChildBank(TierProcess process) {
        this.process = process;
    }

    /** Starts the data tier with these flags plus {@code --port 0}, and waits until it serves. */
    static ChildBank start(String... flags) throws IOException {
        return start(Main.class, flags);
    }

    static ChildBank start(Class<?> main, String... flags) throws IOException {
        return new ChildBank(TierProcess.start(main, withPortZero(flags), line -> { }));
    }

    String url() {
        return process.url();
    }

    void kill() throws InterruptedException {
        process.kill();
    }

    /** Everything the child has printed so far. */
    String output() {
        return process.output();
    }

    /** Waits for a data tier that is expected to refuse to start, and returns its exit code. */
    static Exit runToExit(String... flags) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(TierProcess.command(Main.class, withPortZero(flags)))
                .redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the child bank was expected to exit, but it is still running:\n" + text);
        }
        return new Exit(process.exitValue(), text);
    }

    record Exit(int code, String output) {
    }

    private static List<String> withPortZero(String... flags) {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(List.of(flags));
        return all;
    }
}
