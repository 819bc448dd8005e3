package org.birthofds.bank;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests (the website's, and chapter 5's live page). A reader's
 * machine may not have Chromium: then a browser test says so in one line and is skipped, so that
 * {@code mvn verify} passes with only Java and Maven. CI runs the {@code browser} profile
 * ({@code -Pbrowser}, which sets {@code browser.required}), and there a missing browser fails
 * the build: a skipped test proves nothing.
 */
public final class Chromium {
    /** Selenium warns that it has no DevTools bindings for this Chromium; plain WebDriver does not need them. */
    private static final java.util.logging.Logger CDP_WARNINGS =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"); // JUL holds loggers weakly
    private static final String CHROMIUM = System.getProperty("browser.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");
    private static final String INSTALL = "sudo apt-get install -y chromium chromium-driver";

    static {
        CDP_WARNINGS.setLevel(Level.SEVERE);
    }

    private Chromium() {
    }

    /** Skips the calling test (so it is reported as skipped) or, where CI requires the browser, fails it. */
    public static void require(String test) {
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(path -> !Files.isExecutable(Path.of(path))).toList();
        if (missing.isEmpty()) {
            return;
        }
        String line = test + " needs " + String.join(" and ", missing) + "; to run it: " + INSTALL;
        if (Boolean.getBoolean("browser.required")) {
            fail(line + " (browser.required is set, so this fails instead of skipping)");
        }
        System.out.println("[browser test skipped] " + line);
        abort(line);
    }

    /** Offline and quiet, so it needs no network: no Selenium Manager, no lookups of Google's hosts. */
    public static WebDriver start(Path profile) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile);
        return new ChromeDriver(service, options);
    }
}
