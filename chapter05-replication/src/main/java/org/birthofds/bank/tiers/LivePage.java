package org.birthofds.bank.tiers;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.birthofds.bank.node.AdminToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's live page (only with {@code --page PORT}, and only on 127.0.0.1): every node of the
 * cluster as {@link ClusterWatch} last saw it, refreshed twice a second by a few lines of plain
 * JavaScript, and buttons that kill, restart, pause, resume, isolate, heal and replace nodes, as
 * the launcher's typed commands do, and each step of a replace as it is done. Break the cluster from
 * the browser, with a load running, and watch a new leader take over. An operator's tool: it can
 * stop the bank, so it is off unless asked for.
 */
final class LivePage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LivePage.class);
    private static final Set<String> ACTIONS = Set.of("kill", "restart", "pause", "resume", "isolate", "heal", "replace");

    private final Launcher launcher;
    private final ClusterWatch watch;
    private final Javalin server;
    private final ExecutorService replaces;

    private static final String COOKIE = "bank-admin";

    private LivePage(Launcher launcher, ClusterWatch watch, Javalin server, ExecutorService replaces) {
        this.launcher = launcher;
        this.watch = watch;
        this.server = server;
        this.replaces = replaces;
    }

    /** Serves the page on 127.0.0.1:{@code port} (0: a free one): never on another address, whatever --host says. */
    static LivePage start(Launcher launcher, int port) throws IOException {
        String html = page();
        ClusterWatch watch = new ClusterWatch(launcher);
        // A replace takes seconds; its request is answered at once, and the page lists its steps as they are done.
        ExecutorService replaces = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "live-page-replace");
            t.setDaemon(true);
            return t;
        });
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.html(html));
            config.routes.get("/state", ctx -> ctx.json(watch.state()));
            config.routes.get("/login", ctx -> logIn(launcher, ctx));
            config.routes.post("/nodes/{name}/{action}", ctx -> {
                if (operator(launcher, ctx)) {
                    act(launcher, replaces, ctx);
                } else {
                    ctx.status(401).json(Map.of("message", "Only the operator may kill, pause, cut off or replace a node:"
                            + " open the login address the launcher printed."));
                }
            });
        });
        server.start("127.0.0.1", port);
        return new LivePage(launcher, watch, server, replaces);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * What the operator opens: it hands the browser the launcher's admin token as a cookie, then
     * the page. Anyone on the machine can open the page itself and watch; only a browser that came
     * through here can press its buttons. (The same idea as Jupyter's token in the URL it prints.)
     */
    String loginUrl() {
        AdminToken token = launcher.adminToken();
        return url() + "/login?token=" + (token == null ? "" : token.value());
    }

    private static void logIn(Launcher launcher, Context ctx) {
        AdminToken token = launcher.adminToken();
        if (token == null || !token.allows(ctx.queryParam("token"))) {
            ctx.status(401).json(Map.of("message", "Not the launcher's admin token."));
            return;
        }
        // HttpOnly: no script reads it; SameSite=Strict: no other site's page can make the browser send it.
        ctx.header("Set-Cookie", COOKIE + "=" + token.value() + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.redirect("/");
    }

    private static boolean operator(Launcher launcher, Context ctx) {
        AdminToken token = launcher.adminToken();
        return token != null && (token.allows(ctx.cookie(COOKIE)) || token.allows(ctx.header(AdminToken.HEADER)));
    }

    private static void act(Launcher launcher, ExecutorService replaces, Context ctx) throws InterruptedException {
        String name = ctx.pathParam("name");
        String action = ctx.pathParam("action");
        if (!ACTIONS.contains(action)) {
            ctx.status(400).json(Map.of("message", "No action " + action + "; the actions are " + ACTIONS + "."));
            return;
        }
        if (action.equals("replace")) {
            log.info("replace {}: asked on the live page", name);
            replaces.execute(() -> replace(launcher, name));
            ctx.status(202).json(Map.of("message", "replace " + name + ": under way; its steps are listed below as they"
                    + " are done"));
            return;
        }
        try {
            switch (action) {
                case "kill" -> launcher.kill(name);
                case "restart" -> launcher.restart(name);
                case "pause" -> launcher.pause(name);
                case "resume" -> launcher.resume(name);
                default -> launcher.isolate(name, action.equals("isolate"));
            }
            ctx.json(Map.of("message", action + " " + name + ": done"));
        } catch (IllegalArgumentException | IOException e) {
            ctx.status(400).json(Map.of("message", String.valueOf(e.getMessage())));
        }
    }

    /** A name that is no replica, or a step that fails, is the last step listed: the page has answered already. */
    private static void replace(Launcher launcher, String name) {
        try {
            launcher.changeMembers("replace", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the page is closing
        }
    }

    private static String page() throws IOException {
        try (InputStream in = LivePage.class.getResourceAsStream("live-page.html")) {
            if (in == null) {
                throw new IOException("live-page.html is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        server.stop();
        watch.close();
        replaces.shutdownNow();
    }
}
