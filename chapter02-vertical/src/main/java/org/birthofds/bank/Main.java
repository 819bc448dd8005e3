package org.birthofds.bank;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chapter 2: a bigger computer serving the bank. Wires the flags, starts the node, says what to try. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Flags flags;
        try {
            flags = Flags.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + Flags.USAGE);
            System.exit(2);
            return;
        }
        try {
            BankNode node = BankNode.start(flags);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node)));
            System.out.println("Bank listening on " + node.url());
            System.out.println(Tips.forNode(flags, node));
        } catch (IOException | RuntimeException e) {
            log.error("Could not start: {}", e.getMessage());
            System.exit(1);
        }
    }

    private static void stop(BankNode node) {
        try {
            node.close();
            log.info("Stopped");
        } catch (IOException e) {
            log.warn("Stopping: {}", e.getMessage());
        }
    }
}
