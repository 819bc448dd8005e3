package org.birthofds.bank;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tier of the bank in its own JVM (by default the data tier, which holds the accounts), so
 * that a test can pull the plug: {@link #kill()} is SIGKILL, with no shutdown hook and no
 * flush, like a power cut from the process's point of view.
 */
final class ChildBank {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<String> url = new CompletableFuture<>();

    private ChildBank(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "child-bank-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the data tier with these flags plus {@code --port 0}, and waits until it serves. */
    static ChildBank start(String... flags) throws IOException {
        return start(DataMain.class, flags);
    }

    static ChildBank start(Class<?> main, String... flags) throws IOException {
        ChildBank child = new ChildBank(new ProcessBuilder(command(main, flags)).redirectErrorStream(true).start());
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
    }

    /** Waits for a child that is expected to refuse to start, and returns its exit code. */
    static Exit runToExit(String... flags) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(DataMain.class, flags)).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the child bank was expected to exit, but it is still running:\n" + text);
        }
        return new Exit(process.exitValue(), text);
    }

    record Exit(int code, String output) {
    }

    /** The same java and classpath as this test, running {@code main}. */
    private static List<String> command(Class<?> main, String... flags) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName(), "--port", "0"));
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
    }

    /** Everything the child has printed so far. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }
}
