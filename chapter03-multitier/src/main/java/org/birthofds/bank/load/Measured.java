package org.birthofds.bank.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line every benchmark prints above its table:
 *
 * <pre>Measured 2026-12-06 on commit 4c66dde (JDK 17.0.15, 2 cores, Linux 6.18 amd64)</pre>
 *
 * A number without its date and machine cannot be compared or checked: the same table from other
 * code, another JDK or a machine with more cores is another measurement, and a reader who runs the
 * command again needs to know which one a README's figure was. So every benchmark main of every
 * chapter, whatever its package, prints this line first, and the scripts that run them print it
 * through them. It knows nothing of the bank, which is why any package may use it.
 */
public final class Measured {
    private static final Logger log = LoggerFactory.getLogger(Measured.class);
    /** git answers in milliseconds; one that hangs (a locked or remote checkout) must not hold up a benchmark. */
    private static final long GIT_SECONDS = 5;
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{4,40}");
    /** The kernel's major and minor release, "6.18" of "6.18.44-fc-v1252": the rest is a distribution's build. */
    private static final Pattern RELEASE = Pattern.compile("^(\\d+(?:\\.\\d+)?)");

    private Measured() {
    }

    /** Today, the commit checked out where the benchmark was started, this JDK, and this machine. */
    public static String header() {
        return header(LocalDate.now(), commit(List.of("git", "rev-parse", "--short", "HEAD")),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + release(System.getProperty("os.version")) + " "
                        + System.getProperty("os.arch"));
    }

    static String header(LocalDate date, String commit, String jdk, int cores, String system) {
        return String.format(Locale.ROOT, "Measured %s on commit %s (JDK %s, %d %s, %s)", date, commit, jdk, cores,
                cores == 1 ? "core" : "cores", system);
    }

    /**
     * The short hash {@code command} prints, or "unknown" if it cannot be run, fails, or prints
     * anything else: outside a git checkout, or on a machine without git, the table is still worth
     * printing, so this never fails the benchmark.
     */
    static String commit(List<String> command) {
        try {
            Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!git.waitFor(GIT_SECONDS, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                log.debug("{} did not answer in {} s", command, GIT_SECONDS);
                return "unknown";
            }
            // A hash is a few bytes: it fits in the pipe, so reading after the wait cannot block.
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.exitValue() == 0 && COMMIT.matcher(out).matches() ? out : "unknown";
        } catch (IOException | RuntimeException e) {
            log.debug("no commit for the header: {}", e.toString());
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String release(String version) {
        Matcher m = RELEASE.matcher(version == null ? "" : version);
        return m.find() ? m.group(1) : String.valueOf(version);
    }
}
