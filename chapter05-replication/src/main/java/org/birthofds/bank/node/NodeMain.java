package org.birthofds.bank.node;

import java.io.IOException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shape of every node's main: read the flags (a mistake prints the usage and exits 2),
 * start the node (a failure exits 1), stop it cleanly on SIGTERM, and print the line "... listening
 * on URL" that the launcher and the crash tests wait for. A new kind of node (chapter 4 adds
 * some) is a flags record, a node class and a three-line main.
 */
public final class NodeMain {
    private static final Logger log = LoggerFactory.getLogger(NodeMain.class);

    /** Starts a node from its parsed flags. */
    public interface Start<F, N extends Node> {
        N start(F flags) throws IOException;
    }

    private NodeMain() {
    }

    /**
     * @param parse     the node's flags from the command line; throws IllegalArgumentException for the reader
     * @param listening the line printed once it serves; it must contain "listening on " + the node's URL
     */
    public static <F, N extends Node> void run(String[] args, Function<String[], F> parse, String usage,
            Start<F, N> start, BiFunction<F, N, String> listening) {
        F flags;
        try {
            flags = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage);
            System.exit(2);
            return;
        }
        try {
            N node = start.start(flags);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node)));
            System.out.println(listening.apply(flags, node));
        } catch (IOException | RuntimeException e) {
            log.error("Could not start: {}", e.getMessage());
            System.exit(1);
        }
    }

    private static void stop(Node node) {
        try {
            node.close();
            log.info("Stopped");
        } catch (IOException e) {
            log.warn("Stopping: {}", e.getMessage());
        }
    }
}
