package org.birthofds.bank;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chapter 3's data tier on its own: the accounts and their journal, behind an internal port. */
public final class DataMain {
    private static final Logger log = LoggerFactory.getLogger(DataMain.class);

    private DataMain() {
    }

    public static void main(String[] args) {
        DataFlags flags;
        try {
            flags = DataFlags.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + DataFlags.USAGE);
            System.exit(2);
            return;
        }
        try {
            DataNode node = DataNode.start(flags);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node)));
            System.out.println("Data tier listening on " + node.url() + " (" + Tips.storage(flags, node) + ")");
        } catch (IOException | RuntimeException e) {
            log.error("Could not start: {}", e.getMessage());
            System.exit(1);
        }
    }

    private static void stop(DataNode node) {
        try {
            node.close();
            log.info("Stopped");
        } catch (IOException e) {
            log.warn("Stopping: {}", e.getMessage());
        }
    }
}
