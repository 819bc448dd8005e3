package org.birthofds.bank;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chapter 3's presentation tier on its own: the banking website, in front of a logic tier that is already running. */
public final class WebsiteMain {
    private static final Logger log = LoggerFactory.getLogger(WebsiteMain.class);

    private WebsiteMain() {
    }

    public static void main(String[] args) {
        WebsiteFlags flags;
        try {
            flags = WebsiteFlags.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + WebsiteFlags.USAGE);
            System.exit(2);
            return;
        }
        try {
            WebsiteNode node = WebsiteNode.start(flags);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                log.info("Stopped");
            }));
            System.out.println("Website listening on " + node.url() + " (logic tier at " + flags.logicUrl() + ")");
        } catch (RuntimeException e) {
            log.error("Could not start: {}", e.getMessage());
            System.exit(1);
        }
    }
}
