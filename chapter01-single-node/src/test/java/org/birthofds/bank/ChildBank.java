package org.birthofds.bank;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bank in its own JVM, so that a test can pull the plug: {@link #kill()} is SIGKILL, with
 * no shutdown hook and no flush, like a crash from the process's point of view. Close it with
 * try-with-resources: a child is killed at the end of its test, pass or fail, and any child still
 * alive when the test JVM exits is killed by a shutdown hook, so none outlives the build.
 */
final class ChildBank implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Bank listening on (http://\\S+)");
    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly),
                "kill-child-banks"));
    }

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<String> url = new CompletableFuture<>();
    private final CompletableFuture<Void> exited = new CompletableFuture<>();

    private ChildBank(Process process) {
        this.process = process;
        ALIVE.add(process);
        Thread reader = new Thread(this::readOutput, "child-bank-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts Main with these flags plus {@code --port 0}, and waits until it serves. */
    static ChildBank start(String... flags) throws IOException {
        return startWith(List.of(), flags);
    }

    /**
     * The same, with the test-only fault hook on (see {@link Faults}): the first write whose
     * command starts with {@code command} is held at {@code point}, forever.
     */
    static ChildBank startHolding(String point, String command, String... flags) throws IOException {
        return startWith(List.of("-D" + Faults.PROPERTY + "=" + point + ":" + command), flags);
    }

    private static ChildBank startWith(List<String> properties, String... flags) throws IOException {
        ChildBank child = new ChildBank(new ProcessBuilder(command(properties, flags)).redirectErrorStream(true).start());
        child.awaitUrl();
        return child;
    }

    String url() {
        return url.join();
    }

    /** kill -9, and wait until the process is really gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child bank did not die within 30 s");
        }
        ALIVE.remove(process);
    }

    /** Kills the child if it still runs: the end of every test that started one. */
    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Waits for a child that is expected to refuse to start, and returns its exit code. */
    static Exit runToExit(String... flags) throws IOException, InterruptedException {
        ChildBank child = new ChildBank(new ProcessBuilder(command(List.of(), flags)).redirectErrorStream(true).start());
        try (child) {
            if (!child.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child bank was expected to exit, but it is still running:\n"
                        + child.output());
            }
            child.exited.get(30, TimeUnit.SECONDS); // every line it printed has been read
            return new Exit(child.process.exitValue(), child.output());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the child bank's output did not end", e);
        }
    }

    record Exit(int code, String output) {
    }

    /** The same java and classpath as this test, running Main. */
    private static List<String> command(List<String> properties, String... flags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty("birthofds.child-jvm-options", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option); // the parent pom's: children start on less CPU (the quick compiler only)
            }
        }
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--port", "0"));
        command.addAll(List.of(flags));
        return command;
    }

    private void awaitUrl() {
        try {
            url.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the child bank did not start; its output:\n" + output(), e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    url.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // the process is gone; whoever waits for the url learns it below
        }
        url.completeExceptionally(new IllegalStateException("the child bank exited"));
        exited.complete(null);
    }

    /** Everything the child has printed so far. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }
}
