package org.birthofds.bank.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.birthofds.bank.Account;
import org.birthofds.bank.checks.Linearizability.Step;

/**
 * The picture of a linearizability violation: one lane per client, each operation a bar from its
 * call to its answer (an unknown one runs to the end, dashed), and the injected faults as red
 * lines. Open it in a browser; a reader should see the stale read without reading the log. Times
 * are the history's milliseconds: virtual in the simulator, since the load began in a real one.
 */
public final class Timeline {
    private static final int WIDTH = 1400;

    private Timeline() {
    }

    public static Path write(String name, String account, List<Step> steps, List<Mark> marks, String why) {
        long start = steps.stream().mapToLong(Step::callTime).min().orElse(0);
        long end = Math.max(start + 1, steps.stream().mapToLong(s -> s.known() ? s.retTime() : s.callTime()).max().orElse(1) + 50);
        for (Mark mark : marks) {
            end = Math.max(end, mark.time() + 10);
        }
        List<String> lanes = new ArrayList<>();
        steps.stream().map(Step::client).distinct().sorted().forEach(lanes::add);
        double scale = (double) WIDTH / (end - start);
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(name)).append("</title><style>")
                .append("body{font:13px sans-serif;margin:20px}.lane{position:relative;height:34px;border-bottom:1px solid #ddd}")
                .append(".name{position:absolute;left:0;width:60px;top:8px;font-weight:bold}")
                .append(".op{position:absolute;top:4px;height:22px;overflow:hidden;white-space:nowrap;font-size:11px;")
                .append("border:1px solid #333;border-radius:3px;padding:0 2px;box-sizing:border-box}")
                .append(".w{background:#cfe8cf;z-index:2}.r{background:#cfdff8;z-index:2}.u{border-style:dashed;background:rgba(230,230,230,.4);z-index:1}")
                .append(".mark{position:absolute;top:0;bottom:0;border-left:2px solid #d00}")
                .append(".label{position:absolute;color:#d00;font-size:11px;white-space:nowrap}</style></head><body>");
        html.append("<h2>Account ").append(escape(account)).append(": not linearizable</h2><p>").append(escape(why))
                .append("</p><p>Bars run from call to answer (ms ").append(start).append("..").append(end)
                .append("); dashed: outcome unknown; red: injected faults.</p>");
        html.append("<div style=\"position:relative;margin-left:70px;width:").append(WIDTH).append("px\">");
        int labelRow = 0;
        for (Mark mark : marks) {
            if (mark.time() < start) {
                continue;
            }
            long x = Math.round((mark.time() - start) * scale);
            html.append("<div class=\"label\" style=\"left:").append(x).append("px;top:").append(labelRow++ % 3 * 14)
                    .append("px\">").append(escape(mark.label() + " @" + mark.time())).append("</div>");
        }
        html.append("<div style=\"height:46px\"></div>");
        for (String lane : lanes) {
            html.append("<div class=\"lane\"><span class=\"name\" style=\"left:-70px\">").append(escape(lane)).append("</span>");
            for (Step step : steps) {
                if (!step.client().equals(lane)) {
                    continue;
                }
                long from = Math.round((step.callTime() - start) * scale);
                long to = step.known() ? Math.round((step.retTime() - start) * scale) : WIDTH;
                String css = "op " + (step.read() ? "r" : "w") + (step.known() ? "" : " u");
                html.append("<div class=\"").append(css).append("\" style=\"left:").append(from).append("px;width:")
                        .append(Math.max(4, to - from)).append("px\" title=\"").append(escape(step.label() + " t=" + step.callTime()
                                + ".." + (step.known() ? step.retTime() : "?"))).append("\">").append(escape(step.label())).append("</div>");
            }
            html.append("</div>");
        }
        for (Mark mark : marks) {
            if (mark.time() >= start) {
                html.append("<div class=\"mark\" style=\"left:").append(Math.round((mark.time() - start) * scale)).append("px\"></div>");
            }
        }
        html.append("</div></body></html>\n");
        Path file = Path.of(System.getProperty("bank.reports", "target"), "linearizability", name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".html");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
