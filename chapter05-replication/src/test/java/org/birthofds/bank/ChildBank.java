package org.birthofds.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.birthofds.bank.tiers.TierProcess;

/**
 * A tier of the bank in its own JVM (by default the data tier, which holds the accounts), so
 * that a test can pull the plug: {@link #kill()} is SIGKILL, with no shutdown hook and no
 * flush, like a crash from the process's point of view. Close it with try-with-resources: a
 * child is killed at the end of its test, pass or fail, and any child still alive when the test
 * JVM exits is killed by a shutdown hook, so none outlives the build.
 */
final class ChildBank implements AutoCloseable {
    private static final Set<ProcessHandle> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(ProcessHandle::destroyForcibly),
                "kill-child-banks"));
    }

    private final TierProcess process;
    private final ProcessHandle handle;

    private ChildBank(TierProcess process) {
        this.process = process;
        this.handle = ProcessHandle.of(process.pid()).orElseThrow();
        ALIVE.add(handle);
    }

    /** Starts the data tier with these flags plus {@code --port 0}, and waits until it serves. */
    static ChildBank start(String... flags) throws IOException {
        return start(Main.class, flags);
    }

    static ChildBank start(Class<?> main, String... flags) throws IOException {
        return new ChildBank(TierProcess.start(main, withPortZero(flags), line -> { }));
    }

    /** Starts {@code main} with exactly these flags: for nodes that must serve at a port their peers already know. */
    static ChildBank startExactly(Class<?> main, String... flags) throws IOException {
        return new ChildBank(TierProcess.start(main, List.of(flags), line -> { }));
    }

    /** As {@link #startExactly}, with these options for the child's JVM (before its class path). */
    static ChildBank startExactly(List<String> jvmOptions, Class<?> main, String... flags) throws IOException {
        List<String> line = new ArrayList<>(TierProcess.command(main, List.of(flags)));
        line.addAll(1, jvmOptions);
        return new ChildBank(TierProcess.start(line, output -> { }));
    }

    /**
     * The data tier, with the test-only fault hook on (see {@link Faults}): the first write whose
     * command starts with {@code command} is held at {@code point}, forever.
     */
    static ChildBank startHolding(String point, String command, String... flags) throws IOException {
        List<String> line = new ArrayList<>(TierProcess.command(Main.class, withPortZero(flags)));
        line.add(1, "-D" + Faults.PROPERTY + "=" + point + ":" + command); // a JVM option: before -cp
        return new ChildBank(TierProcess.start(line, output -> { }));
    }

    String url() {
        return process.url();
    }

    /** Chapter 5: SIGSTOP, a machine that freezes without knowing it, until {@link #resume()}. */
    void pause() throws IOException, InterruptedException {
        process.pause();
    }

    void resume() throws IOException, InterruptedException {
        process.resume();
    }

    void kill() throws InterruptedException {
        process.kill();
        ALIVE.remove(handle);
    }

    /** Kills the child if it still runs: the end of every test that started one. */
    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Everything the child has printed so far. */
    String output() {
        return process.output();
    }

    /** Waits for a data tier that is expected to refuse to start, and returns its exit code. */
    static Exit runToExit(String... flags) throws IOException, InterruptedException {
        return runToExit(Main.class, flags);
    }

    /** The same for any node's main, such as a replica's. */
    static Exit runToExit(Class<?> main, String... flags) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(TierProcess.command(main, withPortZero(flags)))
                .redirectErrorStream(true).start();
        ALIVE.add(process.toHandle());
        try {
            CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child bank was expected to exit, but it is still running:\n"
                        + text.getNow(""));
            }
            return new Exit(process.exitValue(), text.get(30, TimeUnit.SECONDS)); // every line it printed
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the child bank's output did not end", e);
        } finally {
            process.destroyForcibly();
            ALIVE.remove(process.toHandle());
        }
    }

    record Exit(int code, String output) {
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> withPortZero(String... flags) {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(List.of(flags));
        return all;
    }
}
