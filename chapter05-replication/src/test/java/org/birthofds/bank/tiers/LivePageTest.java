package org.birthofds.bank.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.birthofds.bank.Chromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The launcher's live page in a real browser: a real cluster (one shard of three replica JVMs, a
 * logic node, the balancer and the website), the page open in headless Chromium, and the shard's
 * leader killed by the page's own button. The page must then show another replica leading a later
 * term, as the launcher's own terminal would say.
 */
@Tag("browser")
class LivePageTest {
    private static final Duration CEILING = Duration.ofSeconds(60);

    @Test
    void killing_the_leader_from_the_page_shows_another_replica_leading_a_later_term(@TempDir Path data,
                                                                                    @TempDir Path profile) throws Exception {
        Chromium.require("LivePageTest");
        Launcher launcher = new Launcher(Cluster.plan(new Cluster.Settings("127.0.0.1", 1, 1, data, "round-robin", true,
                TestPorts.freeOffset())));
        WebDriver browser = null;
        try {
            // 1. the cluster, each node a JVM of its own, and its page, open in the browser
            launcher.startAll();
            String login = launcher.servePage(0);
            // 2. without the launcher's token (its login address sets it), the page's buttons do nothing
            String pageUrl = login.substring(0, login.indexOf("/login"));
            HttpResponse<String> stranger = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(pageUrl + "/nodes/s1r1/kill")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stranger.statusCode()).isEqualTo(401);
            assertThat(launcher.state("s1r1")).isEqualTo("up");
            browser = Chromium.start(profile);
            browser.get(login);
            // 3. the page shows shard-1's leader
            WebDriver page = browser;
            String leader = awaitLeader(page, null);
            long term = term(page, leader);
            // 4. its kill button: SIGKILL, through the launcher
            wait(page).until(driver -> {
                driver.findElement(By.id("kill-" + leader)).click();
                return true;
            });
            // (the launcher's answer, shown on the page: a page without the token would say it may not)
            wait(page).until(driver -> text(driver, "#message").equals("kill " + leader + ": done"));
            // 5. the page shows the old leader down, and another replica leading a later term
            String next = awaitLeader(page, leader);
            assertThat(next).isNotEqualTo(leader);
            assertThat(term(page, next)).isGreaterThan(term);
            assertThat(text(page, "#node-" + leader + " .state")).isEqualTo("down");
            assertThat(text(page, "#elections")).contains(next + " leads term");
        } finally {
            if (browser != null) {
                browser.quit();
            }
            launcher.stopAll();
        }
    }

    /** The replica the page shows as LEADER (other than {@code not}), once it shows one; a wait on the page, not a clock. */
    private static String awaitLeader(WebDriver page, String not) {
        return wait(page).until(driver -> {
            List<WebElement> leaders = driver.findElements(By.cssSelector("tr.LEADER"));
            for (WebElement row : leaders) {
                String name = row.getAttribute("id").substring("node-".length());
                if (!name.equals(not)) {
                    return name;
                }
            }
            return null;
        });
    }

    private static long term(WebDriver page, String replica) {
        return Long.parseLong(text(page, "#node-" + replica + " .term"));
    }

    private static String text(WebDriver page, String css) {
        return wait(page).until(driver -> driver.findElement(By.cssSelector(css)).getText());
    }

    /** The page rebuilds its tables when the set of nodes changes: an element found just before may be gone. */
    private static WebDriverWait wait(WebDriver page) {
        WebDriverWait wait = new WebDriverWait(page, CEILING);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * An offset for every port of the cluster at which all of them are free now: the launcher's
     * fixed ports (7070, 7081, 7111, 8080...) may be in use by a reader's own cluster.
     */
}
