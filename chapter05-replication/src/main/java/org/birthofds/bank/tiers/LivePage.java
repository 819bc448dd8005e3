package org.birthofds.bank.tiers;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The launcher's live page (only with {@code --page PORT}, and only on 127.0.0.1): every node of the
 * cluster as {@link ClusterWatch} last saw it, refreshed twice a second by a few lines of plain
 * JavaScript, and buttons that kill, restart, pause, resume, isolate and heal nodes, as the
 * launcher's typed commands do. Break the cluster from the browser, with a load running, and watch
 * a new leader take over. An operator's tool: it can stop the bank, so it is off unless asked for.
 */
final class LivePage implements AutoCloseable {
    private static final Set<String> ACTIONS = Set.of("kill", "restart", "pause", "resume", "isolate", "heal");

    private final Launcher launcher;
    private final ClusterWatch watch;
    private final Javalin server;

    private LivePage(Launcher launcher, ClusterWatch watch, Javalin server) {
        this.launcher = launcher;
        this.watch = watch;
        this.server = server;
    }

    /** Serves the page on 127.0.0.1:{@code port} (0: a free one): never on another address, whatever --host says. */
    static LivePage start(Launcher launcher, int port) throws IOException {
        String html = page();
        ClusterWatch watch = new ClusterWatch(launcher);
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.html(html));
            config.routes.get("/state", ctx -> ctx.json(watch.state()));
            config.routes.post("/nodes/{name}/{action}", ctx -> act(launcher, ctx));
        });
        server.start("127.0.0.1", port);
        return new LivePage(launcher, watch, server);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private static void act(Launcher launcher, Context ctx) throws InterruptedException {
        String name = ctx.pathParam("name");
        String action = ctx.pathParam("action");
        if (!ACTIONS.contains(action)) {
            ctx.status(400).json(Map.of("message", "No action " + action + "; the actions are " + ACTIONS + "."));
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
    }
}
