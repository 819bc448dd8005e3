package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The website in a real browser: headless Chromium, driven by Selenium, with no JavaScript of
 * ours on the page. Only with {@code mvn verify -Pbrowser}; the README says how to install the
 * setup. Without Chromium this test fails, on purpose: a skipped test proves nothing.
 */
@Tag("browser")
class BrowserTest {
    /** Selenium warns that it has no DevTools bindings for this Chromium; plain WebDriver does not need them. */
    private static final java.util.logging.Logger CDP_WARNINGS =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"); // JUL holds loggers weakly
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    static {
        CDP_WARNINGS.setLevel(Level.SEVERE);
    }

    @TempDir
    Path profile;
    private WebsiteTiers bank;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        bank = WebsiteTiers.memoryOnly();
        browser = chromium(profile);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            bank.close();
        }
    }

    @Test
    void a_customer_opens_two_accounts_moves_money_and_is_refused_an_overdraft() {
        // 1. open two accounts
        browser.get(bank.url());
        assertThat(submit("open", "id", "alice")).contains("Opened account alice.");
        assertThat(submit("open", "id", "bob")).contains("Opened account bob.");

        // 2. deposit into one
        assertThat(submit("deposit", "account", "alice", "amount", "20.00")).contains("Deposited $20.00 into alice.");

        // 3. transfer part of it: both balances change
        assertThat(submit("transfer", "from", "alice", "to", "bob", "amount", "7.25")).contains("Moved $7.25 from alice to bob.");
        assertThat(balance("alice")).isEqualTo("$12.75");
        assertThat(balance("bob")).isEqualTo("$7.25");

        // 4. transfer more than is there: refused, and nothing moves
        assertThat(submit("transfer", "from", "bob", "to", "alice", "amount", "100")).contains("Insufficient funds");
        assertThat(balance("alice")).isEqualTo("$12.75");
        assertThat(balance("bob")).isEqualTo("$7.25");
    }

    /**
     * Types into a form's fields, by name, and presses its button, as a customer would. Returns the
     * message box of the page that answers, once the old page is gone: a wait on an event, not on a clock.
     */
    private String submit(String form, String... namesAndValues) {
        WebElement oldPage = browser.findElement(By.tagName("html"));
        WebElement element = browser.findElement(By.id(form + "-form"));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            element.findElement(By.name(namesAndValues[i])).sendKeys(namesAndValues[i + 1]);
        }
        element.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(oldPage));
        return browser.findElement(By.id("message")).getText();
    }

    private String balance(String id) {
        return browser.findElement(By.id("balance-" + id)).getText();
    }

    /** Offline and quiet, so it needs no network: no Selenium Manager, no lookups of Google's hosts. */
    private static WebDriver chromium(Path profile) {
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
