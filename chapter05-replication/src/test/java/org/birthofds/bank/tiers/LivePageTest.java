package org.birthofds.bank.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.birthofds.bank.Chromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The launcher's live page, with a real cluster (one shard of three replica JVMs, a logic node, the
 * balancer and the website). In a real browser, headless Chromium: the shard's leader killed by the
 * page's own button, and the page must then show another replica leading a later term, as the
 * launcher's own terminal would say; then the dead leader replaced by its replace button, each step
 * listed. Without a browser, at the level of the page's JSON: a replace asked through the page's
 * route, and each of its steps in /state as it is done.
 */
class LivePageTest {
    private static final Duration CEILING = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Tag("browser")
    @Timeout(240)
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
            // 6. the dead leader's replace button: a new machine, s1r4, in its place, each step listed as it is done
            wait(page).until(driver -> {
                driver.findElement(By.id("replace-" + leader)).click();
                return true;
            });
            wait(page).until(driver -> text(driver, "#changes").contains("replace " + leader + ": done in"));
            assertThat(text(page, "#changes")).contains("replace " + leader + ": killed " + leader + " (SIGKILL)")
                    .contains("replace " + leader + ": s1r4 caught up and was promoted: a voter")
                    .contains("replace " + leader + ": " + leader + " was removed from shard-1");
            wait(page).until(driver -> !driver.findElements(By.id("node-s1r4")).isEmpty()
                    && driver.findElements(By.id("node-" + leader)).isEmpty());
        } finally {
            if (browser != null) {
                browser.quit();
            }
            launcher.stopAll();
        }
    }

    /**
     * The page's replace, as its route: refused without the operator's cookie; with it, answered 202
     * at once, and each step listed in /state the moment it is done, as the terminal prints it. The
     * launcher's printer is held once it has said s1r4 started, so that /state is seen halfway: the
     * replace holds the launcher's lock, and /state still answers, with the first three steps and no
     * more.
     */
    @Test
    @Timeout(240)
    void a_replace_asked_on_the_page_lists_each_step_in_state_as_it_is_done(@TempDir Path data) throws Exception {
        CountDownLatch halfway = new CountDownLatch(1);
        List<String> printed = new CopyOnWriteArrayList<>();
        Launcher launcher = new Launcher(Cluster.plan(new Cluster.Settings("127.0.0.1", 1, 1, data, "round-robin", true,
                TestPorts.freeOffset())), line -> {
                    System.out.println(line);
                    printed.add(line);
                    if (line.startsWith("replace s1r3: started s1r4")) {
                        hold(halfway);
                    }
                });
        try {
            launcher.startAll();
            String login = launcher.servePage(0);
            String page = login.substring(0, login.indexOf("/login"));
            // 1. without the operator's cookie, or with another one: 401, and nothing is done
            assertThat(post(page + "/nodes/s1r3/replace", null).statusCode()).isEqualTo(401);
            assertThat(post(page + "/nodes/s1r3/replace", "bank-admin=not-the-token").statusCode()).isEqualTo(401);
            assertThat(state(page).steps()).isEmpty();
            // 2. the operator's: 202 before the replace is done (it cannot be: its printer is held halfway)
            HttpResponse<String> asked = post(page + "/nodes/s1r3/replace", "bank-admin=" + launcher.adminToken().value());
            assertThat(asked.statusCode()).isEqualTo(202);
            // 3. halfway: s1r3 killed, its disk thrown away, s1r4 started, and nothing after that yet
            await().atMost(CEILING).pollInterval(Duration.ofMillis(100)).until(() -> printed.size() >= 3);
            assertThat(printed.get(2)).startsWith("replace s1r3: started s1r4 at http://127.0.0.1:")
                    .endsWith(" with an empty disk, a learner (--join)");
            assertThat(steps(state(page))).containsExactly("killed s1r3 (SIGKILL)", "threw away its disk, "
                    + data.resolve("s1r3"), printed.get(2).substring("replace s1r3: ".length()));
            // 4. let it go on: every step, in order, each with its wall-clock time, as the terminal printed them
            halfway.countDown();
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                    .until(() -> steps(state(page)).stream().anyMatch(s -> s.startsWith("done in ")));
            ClusterWatch.State done = state(page);
            assertThat(steps(done)).satisfiesExactly(
                    s -> assertThat(s).isEqualTo("killed s1r3 (SIGKILL)"),
                    s -> assertThat(s).startsWith("threw away its disk"),
                    s -> assertThat(s).startsWith("started s1r4"),
                    s -> assertThat(s).isEqualTo("the leader of shard-1 added s1r4 as a learner"),
                    s -> assertThat(s).isEqualTo("s1r4 caught up and was promoted: a voter"),
                    s -> assertThat(s).isEqualTo("s1r3 was removed from shard-1"),
                    s -> assertThat(s).isEqualTo("every logic node was handed the new shard map"),
                    s -> assertThat(s).matches("done in \\d+ ms"));
            assertThat(done.steps()).allSatisfy(step -> {
                assertThat(step.command()).isEqualTo("replace s1r3");
                assertThat(step.at()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d");
            });
            assertThat(printed).containsExactlyElementsOf(done.steps().stream().map(s -> s.command() + ": " + s.step())
                    .toList());
            // 5. and the page's nodes: s1r4 up in s1r3's place
            await().atMost(CEILING).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<String> nodes = state(page).nodes().stream().map(n -> n.name() + " " + n.state()).toList();
                return nodes.contains("s1r4 up") && nodes.stream().noneMatch(n -> n.startsWith("s1r3 "));
            });
        } finally {
            halfway.countDown(); // else a failed check would leave the replace, and stopAll behind it, waiting
            launcher.stopAll();
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(CEILING.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpResponse<String> post(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ClusterWatch.State state(String page) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(page + "/state"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readValue(answer.body(), ClusterWatch.State.class);
    }

    private static List<String> steps(ClusterWatch.State state) {
        return state.steps().stream().map(StepLog.Step::step).toList();
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
}
