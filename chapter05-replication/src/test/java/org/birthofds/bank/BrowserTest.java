package org.birthofds.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The website in a real browser: headless Chromium, driven by Selenium, with no JavaScript of
 * ours on the page. Where Chromium is missing it is skipped with one line, or failed when CI
 * requires it ({@link Chromium}).
 */
@Tag("browser")
class BrowserTest {
    @TempDir
    Path profile;
    private WebsiteTiers bank;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        Chromium.require("BrowserTest");
        bank = WebsiteTiers.memoryOnly();
        browser = Chromium.start(profile);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (bank != null) {
                bank.close();
            }
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
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> gone(oldPage));
        return browser.findElement(By.id("message")).getText();
    }

    /**
     * Whether the page has been replaced. Asked about an element of a document it is replacing,
     * ChromeDriver usually answers "stale element", but now and then, mid-navigation, "Node with
     * given id does not belong to the document" (an unknown error): that is the same news, and
     * Selenium's own stalenessOf does not know it (it failed this test on a busy machine).
     */
    private static boolean gone(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private String balance(String id) {
        return browser.findElement(By.id("balance-" + id)).getText();
    }
}
