package org.birthofds.bank;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chapter 3's logic tier on its own: the public API, in front of a data tier that is already running. */
public final class LogicMain {
    private static final Logger log = LoggerFactory.getLogger(LogicMain.class);

    private LogicMain() {
    }

    public static void main(String[] args) {
        LogicFlags flags;
        try {
            flags = LogicFlags.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + LogicFlags.USAGE);
            System.exit(2);
            return;
        }
        try {
            LogicNode node = LogicNode.start(flags);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                log.info("Stopped");
            }));
            System.out.println("Logic tier listening on " + node.url() + " (public API; data tier at " + flags.dataUrl() + ")");
        } catch (RuntimeException e) {
            log.error("Could not start: {}", e.getMessage());
            System.exit(1);
        }
    }
}
