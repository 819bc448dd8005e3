package org.birthofds.bank.tiers;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One node in a JVM of its own, as it would run on a machine of its own: the launcher starts every
 * node of the cluster this way, and its {@code kill} command and the crash tests pull the plug on
 * one with {@link #kill()}.
 */
public final class TierProcess {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    /**
     * Options for every child JVM, from the system property {@code birthofds.child-jvm-options}: the
     * tests set it (the parent pom) to start their many short-lived children on less CPU; the
     * launcher and the benchmarks leave it unset, and their children run as any JVM does.
     */
    private static final List<String> CHILD_JVM_OPTIONS = Stream.of(
            System.getProperty("birthofds.child-jvm-options", "").trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();

    private final Process process;
    private final Consumer<String> echo;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<String> url = new CompletableFuture<>();

    private TierProcess(Process process, Consumer<String> echo) {
        this.process = process;
        this.echo = echo;
        Thread reader = new Thread(this::readOutput, "tier-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code flags}, hands each line it prints to {@code echo}, and waits until it serves. */
    public static TierProcess start(Class<?> main, List<String> flags, Consumer<String> echo) throws IOException {
        return start(command(classpath(), main.getName(), flags), echo);
    }

    /** Starts a whole command line, whose main prints "listening on URL" once it serves. */
    public static TierProcess start(List<String> command, Consumer<String> echo) throws IOException {
        TierProcess tier = new TierProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), echo);
        try {
            tier.url.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            tier.process.destroyForcibly();
            throw new IOException(String.join(" ", command.subList(command.indexOf("-cp") + 2, command.size()))
                    + " did not start; its output:\n"
                    + tier.output(), e);
        }
        return tier;
    }

    /** The same java and classpath as this JVM, running {@code main}. */
    public static List<String> command(Class<?> main, List<String> flags) {
        return command(classpath(), main.getName(), flags);
    }

    public static List<String> command(String classpath, String main, List<String> flags) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(CHILD_JVM_OPTIONS);
        command.addAll(List.of("-cp", classpath, main));
        command.addAll(flags);
        return command;
    }

    public String url() {
        return url.join();
    }

    public long pid() {
        return process.pid();
    }

    /** False once it has exited or been killed. */
    public boolean alive() {
        return process.isAlive();
    }

    /** The CPU time the process has used so far, on all its threads. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "this system does not report the CPU time of process " + pid()));
    }

    /**
     * A clean stop, as a deploy does it: SIGTERM runs the tier's shutdown hook. Sent through the process
     * handle, because {@code Process.destroy()} also closes our end of its output, and the lines its
     * shutdown hook prints (the journal's closing counts) would be lost.
     */
    public void stop() throws InterruptedException {
        try {
            resume(); // a paused process would hold SIGTERM until it runs again
        } catch (IOException e) {
            // it is gone already
        }
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /**
     * Chapter 5: SIGSTOP, a machine that freezes (a long GC pause, a VM migrated, a laptop lid shut):
     * it answers nothing and knows nothing of it, and when {@link #resume()}d it carries on from
     * where it was, with the same beliefs, such as that it still leads.
     */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen process runs again. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed: " + new String(kill.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).trim());
        }
    }

    /** kill -9, and wait until the process is really gone: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + pid() + " did not die within 30 s");
        }
    }

    /** Everything the tier has printed so far. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (output) {
                    output.add(line);
                }
                echo.accept(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    url.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // the process is gone; whoever waits for the url learns it below
        }
        url.completeExceptionally(new IllegalStateException("the process exited"));
    }

    /**
     * This JVM's classpath. Under {@code mvn exec:java} the project's classes come from a class
     * loader of the plugin's, not from java.class.path, so ask the loader first.
     */
    public static String classpath() {
        if (TierProcess.class.getClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
            return Stream.of(loader.getURLs()).map(TierProcess::file).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String file(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("not a file on the classpath: " + url, e);
        }
    }
}
